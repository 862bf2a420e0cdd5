// Calls to the results API under /v1. The user's key is sent as "Authorization: Bearer KEY"; without one the API
// answers with the public tier. The key lives in this tab's session storage only, never in a URL.

const KeyName = "assay.key";

export function currentKey() {
  return sessionStorage.getItem(KeyName) ?? "";
}

export function setKey(key) {
  if (key) {
    sessionStorage.setItem(KeyName, key);
  } else {
    sessionStorage.removeItem(KeyName);
  }
}

/** An answer of the API that is not 2xx: its status and the message of its OpenAI-shaped error body. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GETs /v1/PATH with the query parameters that are set, and returns the parsed JSON. */
export async function get(path, query = {}) {
  const url = new URL("/v1/" + path, window.location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") {
      url.searchParams.set(name, value);
    }
  }

  const headers = { Accept: "application/json" };
  const key = currentKey();
  if (key) {
    headers.Authorization = "Bearer " + key;
  }

  const response = await fetch(url, { headers });
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: reported below by status.
  }

  if (!response.ok) {
    const message = body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }

  return body;
}

/** The API writes NaN and infinities as words (log-probabilities can be -Infinity). */
export function number(value) {
  if (typeof value === "number") {
    return value;
  }

  if (value === "-Infinity") {
    return -Infinity;
  }

  if (value === "Infinity") {
    return Infinity;
  }

  return value === "NaN" ? NaN : null;
}
