// The dashboard's routes and its key form. Routes live in the URL's hash, so the server serves one page.
import { ApiError, currentKey, setKey } from "./api.js";
import { leaderboard, model, rollout, rollouts } from "./views.js";

const view = document.getElementById("view");
const errorBox = document.getElementById("error");
const tier = document.getElementById("tier");

function showTier(word) {
  tier.textContent = word ? word + " view" : "";
}

function showError(error) {
  errorBox.hidden = false;
  errorBox.textContent = error instanceof ApiError && error.status === 401
    ? "The API key was refused: " + error.message
    : error.message;
}

showTier.error = showError;

async function render() {
  errorBox.hidden = true;
  view.replaceChildren();
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, search] = hash.split("?");
  const query = new URLSearchParams(search ?? "");
  try {
    if (path.startsWith("rollout/")) {
      await rollout(view, decodeURIComponent(path.slice("rollout/".length)));
    } else if (path === "rollouts") {
      await rollouts(view, query, showTier);
    } else if (path === "model") {
      await model(view, query, showTier);
    } else {
      await leaderboard(view, query, showTier);
    }
  } catch (error) {
    showError(error);
  }
}

const form = document.getElementById("key-form");
const keyInput = document.getElementById("key");
keyInput.value = currentKey();
form.addEventListener("submit", event => {
  event.preventDefault();
  setKey(keyInput.value.trim());
  render();
});
document.getElementById("forget-key").addEventListener("click", () => {
  keyInput.value = "";
  setKey("");
  render();
});
window.addEventListener("hashchange", render);
render();
