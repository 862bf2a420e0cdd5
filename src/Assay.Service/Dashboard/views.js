// The dashboard's four views. Everything shown comes from the API and is put into the page as text, never as markup.
import { get, number } from "./api.js";
import { overTime, passAtKCurves } from "./charts.js";

/** An element with properties and children (strings become text nodes). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "class") {
      node.className = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value);
    }
  }

  node.append(...children.filter(c => c !== null && c !== undefined).map(c => typeof c === "string" || typeof c === "number" ? String(c) : c));
  return node;
}

function route(path, query) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v));
  const text = params.toString();
  return "#/" + path + (text ? "?" + text : "");
}

function percent(value) {
  return value == null ? "–" : (100 * value).toFixed(1) + " %";
}

function dollars(value) {
  return value == null ? "–" : "$" + Number(value).toFixed(value >= 1 ? 2 : 6);
}

function passCell(p) {
  if (!p || p.value == null) {
    return el("td", { class: "num", title: p?.not_computable ?? "" }, "–");
  }

  const interval = p.lower == null ? null : el("div", { class: "interval" }, `${percent(p.lower)} – ${percent(p.upper)}`);
  return el("td", { class: "num" }, percent(p.value), interval);
}

function table(headings, rows, id) {
  const node = el("table", {}, el("thead", {}, el("tr", {}, ...headings.map(h => el("th", {}, h)))), el("tbody", {}, ...rows));
  if (id) {
    node.id = id;
  }

  return node;
}

async function suitesSeen() {
  const { campaigns } = await get("campaigns");
  return [...new Set(campaigns.map(c => c.suite))].sort();
}

/** #/ : a suite's leaderboard, its pass@k curves, and links to each model's progress and rollouts. */
export async function leaderboard(view, query, showTier) {
  const suites = await suitesSeen();
  const suite = query.get("suite") || suites[0];
  view.append(el("h1", {}, "Leaderboard"));
  if (!suite) {
    view.append(el("p", { class: "empty" }, "No campaign this key may see yet."));
    return;
  }

  const picker = el("select", { id: "suite" }, ...suites.map(s => el("option", { value: s }, s)));
  picker.value = suite;
  const released = el("input", { id: "released-after", type: "date", value: query.get("released_after") ?? "" });
  const apply = () => { location.hash = route("", { suite: picker.value, released_after: released.value }); };
  picker.addEventListener("change", apply);
  released.addEventListener("change", apply);
  view.append(el("div", { class: "controls" },
    el("label", { for: "suite" }, "suite", picker),
    el("label", { for: "released-after" }, "problems released after", released)));

  const board = await get("leaderboard", { suite, k: "1,2,5,10,20,50,100", released_after: query.get("released_after") });
  showTier(board.tier);
  if (board.entries.length === 0) {
    view.append(el("p", { class: "empty" }, `Nothing on ${suite} that the ${board.tier} tier may see yet.`));
    return;
  }

  const shownKs = [1, 10, 100];
  const rows = board.entries.map(e => el("tr", { dataset: { model: e.model } },
    el("td", {}, el("a", { href: route("model", { model: e.model, suite }) }, e.model)),
    ...shownKs.map(k => passCell(e.pass_at_k.find(p => p.k === k))),
    el("td", { class: "num" }, e.problems),
    el("td", { class: "num" }, e.samples),
    el("td", { class: "num" }, e.verified_solutions),
    el("td", { class: "num" }, dollars(e.cost_usd)),
    el("td", { class: "num" }, dollars(e.cost_per_verified_solution_usd)),
    el("td", {}, el("a", { href: route("rollouts", { model: e.model, suite }) }, "rollouts"))));
  view.append(table(["model", ...shownKs.map(k => `pass@${k}`), "problems", "samples", "verified", "cost", "cost / verified solution", ""], rows, "leaderboard"));
  view.append(el("h2", {}, "pass@k curves"), el("div", { class: "charts" }, passAtKCurves(board.entries)));
}

/** #/model?model=M&suite=S : a model's campaigns over time: pass@1 with its interval and cost per verified solution. */
export async function model(view, query, showTier) {
  const name = query.get("model");
  const suite = query.get("suite");
  const progress = await get("progress", { model: name, suite });
  showTier(progress.tier);
  view.append(el("h1", {}, `${name}${suite ? " on " + suite : ""}: progress over time`));
  const points = progress.campaigns.map(c => ({ c, at: new Date(c.started_at), pass: c.pass_at1 ?? c.pass_at_1 }));
  if (points.length === 0) {
    view.append(el("p", { class: "empty" }, "No campaign of this model that this key may see."));
    return;
  }

  view.append(el("div", { class: "charts" },
    overTime("pass@1", points.map(p => ({ at: p.at, value: p.pass?.value ?? null, lower: p.pass?.lower, upper: p.pass?.upper })), percent),
    overTime("cost per verified solution", points.map(p => ({ at: p.at, value: p.c.cost_per_verified_solution_usd })), v => dollars(v))));
  view.append(el("h2", {}, "Campaigns"), table(["campaign", "suite", "started", "problems", "samples", "verified", "pass@1", "cost", "cost / verified solution"],
    points.map(({ c, pass }) => el("tr", {},
      el("td", {}, el("a", { href: route("rollouts", { model: name, suite: c.suite }) }, c.campaign_id)),
      el("td", {}, c.suite),
      el("td", {}, new Date(c.started_at).toISOString().slice(0, 10)),
      el("td", { class: "num" }, c.problems),
      el("td", { class: "num" }, c.samples),
      el("td", { class: "num" }, c.verified_solutions),
      passCell(pass),
      el("td", { class: "num" }, dollars(c.cost_usd)),
      el("td", { class: "num" }, dollars(c.cost_per_verified_solution_usd))))));
  if (suite) {
    const rates = await get("problems", { suite, model: name });
    view.append(el("h2", {}, "Problems, hardest first"), table(["problem", "samples", "passed", "solve rate"],
      rates.problems.map(p => el("tr", {},
        el("td", {}, el("a", { href: route("rollouts", { model: name, suite, problem: p.problem_id }) }, p.problem_id)),
        el("td", { class: "num" }, p.samples),
        el("td", { class: "num" }, p.passed),
        el("td", { class: "num" }, percent(p.rate)))), "problem-rates"));
  }
}

const Verdicts = ["", "passed", "failed", "error", "timeout", "invalid", "infrastructure", "refused"];

/** #/rollouts?model&suite&problem&verdict : rollouts newest first, a page at a time, each linking to the viewer. */
export async function rollouts(view, query, showTier) {
  const filter = Object.fromEntries(["model", "suite", "problem", "verdict"].map(n => [n, query.get(n) ?? ""]));
  view.append(el("h1", {}, "Rollouts"));
  const inputs = {
    model: el("input", { id: "f-model", value: filter.model }),
    suite: el("input", { id: "f-suite", value: filter.suite }),
    problem: el("input", { id: "f-problem", value: filter.problem }),
    verdict: el("select", { id: "f-verdict" }, ...Verdicts.map(v => el("option", { value: v }, v || "any"))),
  };
  inputs.verdict.value = filter.verdict;
  const form = el("form", { class: "controls" },
    ...Object.entries(inputs).map(([n, input]) => el("label", { for: input.id }, n, input)),
    el("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", event => {
    event.preventDefault();
    location.hash = route("rollouts", Object.fromEntries(Object.entries(inputs).map(([n, input]) => [n, input.value.trim()])));
  });
  view.append(form);

  const body = el("tbody");
  view.append(el("table", { id: "rollouts" },
    el("thead", {}, el("tr", {}, ...["rollout", "model", "problem", "sample", "verdict", "tokens", "latency", "cost", "created"].map(h => el("th", {}, h)))),
    body));
  const more = el("button", { type: "button", id: "more" }, "More");
  view.append(more);
  let next = null;
  const load = async () => {
    const page = await get("rollouts", { ...filter, limit: 50, after: next });
    for (const r of page.rollouts) {
      body.append(el("tr", {},
        el("td", {}, el("a", { href: "#/rollout/" + encodeURIComponent(r.id), class: "rollout-link" }, r.id.slice(0, 12))),
        el("td", {}, r.model),
        el("td", {}, r.problem_id),
        el("td", { class: "num" }, `${r.sample_index}${r.attempt ? " (attempt " + r.attempt + ")" : ""}`),
        el("td", { class: "verdict-" + r.verdict }, r.verdict),
        el("td", { class: "num" }, r.prompt_tokens + r.completion_tokens),
        el("td", { class: "num" }, (1000 * r.latency_seconds).toFixed(0) + " ms"),
        el("td", { class: "num" }, dollars(r.cost_usd)),
        el("td", {}, new Date(r.created_at).toISOString().replace("T", " ").slice(0, 19))));
    }

    next = page.next;
    more.hidden = !next;
    if (body.children.length === 0) {
      body.append(el("tr", {}, el("td", { colspan: "9", class: "empty" }, "No rollout that this key may see matches.")));
    }
  };
  more.addEventListener("click", () => load().catch(showTier.error));
  await load();
}

/** #/rollout/ID : one rollout in full: the problem, the completion with its log-probabilities, the verdict's detail. */
export async function rollout(view, id) {
  const full = await get("rollouts/" + encodeURIComponent(id));
  const r = full.rollout;
  view.append(el("h1", {}, `Rollout ${r.id}`));
  view.append(el("dl", { class: "facts", id: "rollout-facts" },
    el("dt", {}, "verdict"), el("dd", { class: "verdict-" + r.verdict, id: "verdict" }, `${r.verdict} (reward ${r.reward})`),
    el("dt", {}, "detail"), el("dd", { id: "verdict-detail" }, full.verdict_detail),
    el("dt", {}, "verifier"), el("dd", {}, `${full.verifier || "–"} · ${full.isolation} · ${(1000 * full.verdict_seconds).toFixed(0)} ms`),
    el("dt", {}, "model"), el("dd", {}, r.model),
    el("dt", {}, "problem"), el("dd", {}, el("a", { href: route("rollouts", { suite: r.suite, problem: r.problem_id }) }, `${r.suite} / ${r.problem_id}`)),
    el("dt", {}, "campaign"), el("dd", {}, `${r.campaign_id}, sample ${r.sample_index}, attempt ${r.attempt}`),
    el("dt", {}, "tokens"), el("dd", {}, `${r.prompt_tokens} prompt + ${r.completion_tokens} completion, finish: ${full.finish_reason ?? "–"}`),
    el("dt", {}, "cost, latency"), el("dd", {}, `${dollars(r.cost_usd)}, ${(1000 * r.latency_seconds).toFixed(0)} ms`),
    el("dt", {}, "created"), el("dd", {}, new Date(r.created_at).toISOString())));
  view.append(el("h2", {}, "Problem"), el("pre", { id: "problem-prompt" }, full.problem_prompt ?? "(not stored: the campaign predates stored problems)"));
  view.append(el("h2", {}, "Completion"), el("pre", { id: "completion" }, full.completion));
  if (full.logprobs?.length) {
    view.append(el("h2", {}, "Log-probabilities"), el("pre", { class: "tokens" }, ...full.logprobs.map(token)));
  }

  view.append(el("h2", {}, "Request"), el("pre", {}, full.request));
}

function token(t) {
  const logprob = number(t.logprob);
  const p = Math.exp(logprob);
  const band = p > 0.9 ? "p-high" : p > 0.5 ? "p-mid" : "p-low";
  const alternatives = (t.top_logprobs ?? []).map(a => `${JSON.stringify(a.token)} ${number(a.logprob).toFixed(3)}`).join("\n");
  return el("span", { class: band, title: `logprob ${logprob.toFixed(3)} (p ${(100 * p).toFixed(1)} %)${alternatives ? "\n" + alternatives : ""}` }, t.token);
}
