// Drives Assay's OpenAI-compatible endpoint with the official openai npm package.
// Usage: node chat.mjs BASE_URL MODEL PROMPT; prints one JSON object the .NET test checks.
import OpenAI from "openai";

const [baseURL, model, prompt] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: "unused", maxRetries: 0 });

const chat = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: prompt }],
  temperature: 0,
  n: 2,
  logprobs: true,
  top_logprobs: 3,
});

let streamed = "";
let streamUsage = null;
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: prompt }],
  temperature: 0,
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  if (chunk.usage) streamUsage = chunk.usage;
}

const text = await client.completions.create({ model, prompt, max_tokens: 4, temperature: 0, logprobs: 2 });

let error = null;
try {
  await client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }], temperature: 7 });
} catch (e) {
  error = { status: e.status, param: e.param ?? e.error?.param ?? null, type: e.type ?? e.error?.type ?? null };
}

console.log(JSON.stringify({
  content: chat.choices.map((c) => c.message.content),
  finish: chat.choices.map((c) => c.finish_reason),
  usage: chat.usage,
  logprobs: chat.choices[0].logprobs.content.map((t) => ({ token: t.token, logprob: t.logprob, top: t.top_logprobs.length })),
  streamed,
  streamUsage,
  text: text.choices[0].text,
  textTokens: text.choices[0].logprobs.tokens,
  error,
}));
