# Runs in each worker as `python3 -I -S -B -c <this file's text>` (SandboxLaunch.cs): reads the sandbox's modules and
# its configuration from standard input, so no host path, pid or cgroup name is on the worker's command line or in its
# sys.argv, and keeps neither the sources nor the input once the modules are loaded.
import os, sys, json, types
def _read(n):
    b = bytearray()
    while len(b) < n:
        c = os.read(0, n - len(b))
        if not c:
            raise SystemExit('sandbox: bootstrap cut short')
        b += c
    return bytes(b)
_boot = json.loads(_read(int.from_bytes(_read(4), 'little')))
for _name, _source in _boot['modules']:
    _module = types.ModuleType(_name)
    sys.modules[_name] = _module
    exec(compile(_source, 'sandbox/' + _name + '.py', 'exec'), _module.__dict__)
_config = _boot['config']
del _boot, _name, _source, _module
sys.modules['server'].main(_config)
