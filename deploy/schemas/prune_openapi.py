# Keeps, of an upstream Kubernetes OpenAPI v3 file, the component schemas reachable from the named kinds.
import json, sys
source, target, *kinds = sys.argv[1:]
spec = json.load(open(source))
schemas = spec["components"]["schemas"]
roots = [name for name, s in schemas.items()
         if any(g["kind"] in kinds for g in s.get("x-kubernetes-group-version-kind", []))]
keep, todo = set(), list(roots)
def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v.rsplit("/", 1)[1]
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)
while todo:
    name = todo.pop()
    if name not in keep:
        keep.add(name)
        todo.extend(refs(schemas[name]))
out = {"openapi": spec["openapi"], "info": spec["info"], "components": {"schemas": {n: schemas[n] for n in sorted(keep)}}}
json.dump(out, open(target, "w"), indent=1, sort_keys=False)
print(target, sorted(roots), len(keep))
