using System.Text;
using Assay.Core;

namespace Assay.Nano;

/// <summary>Samples text from a <see cref="NanoModel"/> with a KV cache, and reads its next-token distributions.</summary>
public static class NanoSampler
{
    /// <summary>
    /// Draws <see cref="SamplingRequest.N"/> samples for one prompt as a batch: the prompt runs once, its cache is
    /// copied to every sample, then each step runs one row per unfinished sample. Same seed, same samples.
    /// </summary>
    /// <exception cref="ArgumentException">The request is out of range or the prompt does not fit the context.</exception>
    public static IReadOnlyList<SampleResult> Generate(NanoModel model, string prompt, SamplingRequest request, CancellationToken cancellationToken = default) =>
        Generate(model, prompt, request, onDelta: null, cancellationToken);

    /// <summary>
    /// As <see cref="Generate(NanoModel, string, SamplingRequest, CancellationToken)"/>, and reports each sample's text
    /// as it is generated (streaming): <paramref name="onDelta"/> runs on this thread after every step that adds text
    /// to a sample, and once more when the sample ends. Text that could still turn out to be the start of a stop string
    /// is held back until it cannot, so the deltas of a sample always add up to its final text.
    /// </summary>
    public static IReadOnlyList<SampleResult> Generate(
        NanoModel model, string prompt, SamplingRequest request, Action<SampleDelta>? onDelta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(request);
        return Generate(model, request.Chat ? NanoTokenizer.EncodeChat(prompt) : NanoTokenizer.Encode(prompt), request, onDelta, cancellationToken);
    }

    /// <summary>
    /// As <see cref="Generate(NanoModel, string, SamplingRequest, Action{SampleDelta}?, CancellationToken)"/>, from prompt
    /// tokens already encoded (a whole conversation: <see cref="NanoTokenizer.EncodeConversation"/>);
    /// <see cref="SamplingRequest.Chat"/> is not consulted.
    /// </summary>
    public static IReadOnlyList<SampleResult> Generate(
        NanoModel model, int[] promptTokens, SamplingRequest request, Action<SampleDelta>? onDelta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        RequireTextModel(model);
        int context = model.Config.Context;
        if (promptTokens.Length == 0)
            throw new ArgumentException("The prompt is empty; a raw (non-chat) prompt needs at least one token.", nameof(promptTokens));
        if (promptTokens.Length >= context)
            throw new ArgumentException($"The prompt is {promptTokens.Length} tokens long; the model's context is {context}, leaving no room for an answer.", nameof(promptTokens));

        var cache = KvCachePool.Rent(model, request.N, Math.Max(promptTokens.Length, request.N));
        try
        {
            return Sample(model, promptTokens, request, onDelta, cache, cancellationToken);
        }
        finally
        {
            KvCachePool.Return(cache);
        }
    }

    private static List<SampleResult> Sample(
        NanoModel model, int[] promptTokens, SamplingRequest request, Action<SampleDelta>? onDelta, KvCache cache, CancellationToken cancellationToken)
    {
        int context = model.Config.Context, v = model.Config.Vocabulary, n = request.N;
        var logits = new float[Math.Max(promptTokens.Length, n) * v];
        cache.Forward(new int[promptTokens.Length], Enumerable.Range(0, promptTokens.Length).ToArray(), promptTokens, logits);
        for (int s = 1; s < n; s++)
            cache.CopySlot(0, s, promptTokens.Length);

        int seed = request.Seed ?? Random.Shared.Next();
        var samples = new SampleState[n];
        var lastRow = logits.AsSpan((promptTokens.Length - 1) * v, v).ToArray();
        for (int s = 0; s < n; s++)
            samples[s] = new SampleState(new Random(StreamSeed(seed, s)), request.Logprobs);
        var picker = new TokenSampler(request, v);
        int maxStop = request.Stop.Count == 0 ? 0 : request.Stop.Max(x => x.Length);
        // A stop string can still start in the last maxStop − 1 characters: streaming holds those back.
        int holdBack = Math.Max(0, maxStop - 1);

        // Row logits for the first step are the prompt's last row, shared by every sample.
        var rowLogits = new float[n][];
        Array.Fill(rowLogits, lastRow);
        var active = Enumerable.Range(0, n).ToList();
        int position = promptTokens.Length;
        while (active.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = new List<int>(active.Count);
            foreach (int s in active)
            {
                var state = samples[s];
                if (request.MaxTokens == 0)
                {
                    state.Finish = FinishReason.Length;
                    Report(onDelta, s, state, finished: true, holdBack);
                    continue;
                }

                int token = picker.Pick(rowLogits[s], state.Random);
                state.Tokens.Add(token);
                state.Logprobs?.Add(TokenSampler.Logprob(rowLogits[s], token, request.TopLogprobs));
                bool finished = true;
                if (token == NanoTokenizer.End)
                    state.Finish = FinishReason.Stop;
                else
                {
                    state.Text.Append(NanoTokenizer.TokenText(token));
                    state.TokenEnds.Add(state.Text.Length);
                    if (maxStop > 0 && CutAtStop(state.Text, request.Stop, maxStop))
                        state.Finish = FinishReason.Stop;
                    // The new token sits at `position`; feeding it for one more needs position < context.
                    else if (state.Tokens.Count >= request.MaxTokens || position >= context)
                        state.Finish = FinishReason.Length;
                    else
                    {
                        next.Add(s);
                        finished = false;
                    }
                }

                Report(onDelta, s, state, finished, holdBack);
            }

            active = next;
            if (active.Count == 0)
                break;
            int[] slots = [.. active];
            int[] positions = Enumerable.Repeat(position, slots.Length).ToArray();
            int[] tokens = slots.Select(s => samples[s].Tokens[^1]).ToArray();
            cache.Forward(slots, positions, tokens, logits);
            for (int i = 0; i < slots.Length; i++)
                rowLogits[slots[i]] = logits.AsSpan(i * v, v).ToArray();
            position++;
        }

        return samples.Select(s => new SampleResult(
            s.Text.ToString(), s.Finish, promptTokens.Length, s.Tokens.Count, s.Tokens, s.Logprobs)).ToList();
    }

    /// <summary>
    /// Drops the KV caches kept for reuse between generations (tens of megabytes for a batch of n = 128), so a server
    /// gone idle can give their memory back; the next generation allocates its cache afresh.
    /// </summary>
    public static void ReleasePooledCaches() => KvCachePool.Clear();

    /// <summary>The model's next-token probabilities after a chat prompt and the start of an answer.</summary>
    public static float[] NextTokenProbabilities(NanoModel model, string prompt, string answerSoFar = "")
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(answerSoFar);
        return NextTokenProbabilities(model, [.. NanoTokenizer.EncodeChat(prompt), .. NanoTokenizer.Encode(answerSoFar)]);
    }

    /// <summary>The model's next-token probabilities after a token sequence (length Vocabulary, summing to 1).</summary>
    public static float[] NextTokenProbabilities(NanoModel model, IReadOnlyList<int> tokens) => TokenProbabilities(model, tokens)[^1];

    /// <summary>
    /// Row i is the distribution of the token after tokens[0..i], for every i: what a distillation run needs from a
    /// teacher along a whole answer, in one forward pass.
    /// </summary>
    public static float[][] TokenProbabilities(NanoModel model, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        int t = tokens.Count, v = model.Config.Vocabulary;
        if (t == 0 || t > model.Config.Context)
            throw new ArgumentException($"Expected 1 to {model.Config.Context} tokens (the model's context), got {t}.", nameof(tokens));
        var cache = new KvCache(model, 1, t);
        var logits = new float[t * v];
        cache.Forward(new int[t], Enumerable.Range(0, t).ToArray(), tokens.ToArray(), logits);
        var rows = new float[t][];
        for (int i = 0; i < t; i++)
        {
            var row = logits.AsSpan(i * v, v).ToArray();
            Kernels.Attention.Softmax(row);
            rows[i] = row;
        }

        return rows;
    }

    // Sends sample s's new text: all of it once finished, else all but the last holdBack characters.
    private static void Report(Action<SampleDelta>? onDelta, int s, SampleState state, bool finished, int holdBack)
    {
        if (onDelta is null)
            return;
        int safe = finished ? state.Text.Length : Math.Max(state.Emitted, state.Text.Length - holdBack);
        if (!finished && safe == state.Emitted)
            return;
        string text = state.Text.ToString(state.Emitted, safe - state.Emitted);
        state.Emitted = safe;
        List<TokenLogprob>? logprobs = null;
        if (state.Logprobs is { } all)
        {
            // Tokens whose text ends within what has been sent; at the end every token left (end token included).
            int upTo = state.LogprobsEmitted;
            if (finished)
                upTo = all.Count;
            else
            {
                while (upTo < state.TokenEnds.Count && state.TokenEnds[upTo] <= safe)
                    upTo++;
            }

            logprobs = all.GetRange(state.LogprobsEmitted, upTo - state.LogprobsEmitted);
            state.LogprobsEmitted = upTo;
        }

        onDelta(new SampleDelta(s, text, logprobs, finished ? state.Finish : null));
    }

    private static void RequireTextModel(NanoModel model)
    {
        if (model.Config.Vocabulary != NanoTokenizer.VocabularySize)
            throw new ArgumentException($"Sampling text needs a model with Vocabulary = {NanoTokenizer.VocabularySize}; this one has {model.Config.Vocabulary}.", nameof(model));
    }

    // Cuts the text before the earliest stop string, looking only where a new one could have appeared.
    private static bool CutAtStop(StringBuilder text, IReadOnlyList<string> stops, int maxStop)
    {
        int from = Math.Max(0, text.Length - maxStop);
        string tail = text.ToString(from, text.Length - from);
        int cut = -1;
        foreach (string stop in stops)
        {
            int at = tail.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
                cut = at;
        }

        if (cut < 0)
            return false;
        text.Length = from + cut;
        return true;
    }

    // SplitMix64 of (seed, index): independent streams per sample, and seed s+1 does not replay seed s shifted by one.
    private static int StreamSeed(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }

    private sealed class SampleState(Random random, bool logprobs)
    {
        public Random Random { get; } = random;

        public List<int> Tokens { get; } = [];

        public StringBuilder Text { get; } = new();

        public List<TokenLogprob>? Logprobs { get; } = logprobs ? [] : null;

        public FinishReason Finish { get; set; }

        /// <summary>Text length after each text token (streaming: which tokens a sent text covers).</summary>
        public List<int> TokenEnds { get; } = [];

        /// <summary>Characters of <see cref="Text"/> already reported.</summary>
        public int Emitted { get; set; }

        /// <summary>Log-probabilities already reported.</summary>
        public int LogprobsEmitted { get; set; }
    }
}
