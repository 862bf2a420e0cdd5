using System.Text;

namespace Assay.Nano;

/// <summary>
/// nano's character tokenizer, fixed so checkpoints are portable ("assay-char-v1"): ids 0–4 are the special tokens
/// &lt;|pad|&gt;, &lt;|user|&gt;, &lt;|assistant|&gt;, &lt;|end|&gt;, &lt;|unk|&gt;; id 5 is newline; ids 6–100 are
/// printable ASCII from space (32) to tilde (126), in code order. Any other character (tab, non-ASCII) encodes as
/// &lt;|unk|&gt;, so a served prompt never fails on an odd character; it decodes as U+FFFD. Special tokens are only
/// produced by <see cref="EncodeChat"/>: text that spells "&lt;|end|&gt;" encodes as its seven characters.
/// </summary>
public static class NanoTokenizer
{
    /// <summary>The name stored in config.json; a checkpoint with another tokenizer is refused.</summary>
    public const string Name = "assay-char-v1";

    public const int Pad = 0;
    public const int User = 1;
    public const int Assistant = 2;
    public const int End = 3;
    public const int Unknown = 4;
    private const int Newline = 5;
    private const int FirstPrintable = 6;

    /// <summary>101 ids: 5 special tokens, newline and the 95 printable ASCII characters.</summary>
    public const int VocabularySize = FirstPrintable + 95;

    private static readonly string[] s_special = ["<|pad|>", "<|user|>", "<|assistant|>", "<|end|>", "<|unk|>"];

    /// <summary>Token ids of plain text (no special tokens).</summary>
    public static int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
            ids[i] = IdOf(text[i]);
        return ids;
    }

    /// <summary>A user turn ready for the answer: &lt;|user|&gt; prompt &lt;|assistant|&gt;.</summary>
    public static int[] EncodeChat(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var ids = new int[prompt.Length + 2];
        ids[0] = User;
        for (int i = 0; i < prompt.Length; i++)
            ids[i + 1] = IdOf(prompt[i]);
        ids[^1] = Assistant;
        return ids;
    }

    /// <summary>
    /// A conversation ready for the next answer: turns alternate user, assistant, user, …, ending with a user turn;
    /// each user turn is &lt;|user|&gt; text, each assistant turn &lt;|assistant|&gt; text &lt;|end|&gt; (as an answer
    /// ends when generated), and a final &lt;|assistant|&gt; asks for the answer. One turn encodes as
    /// <see cref="EncodeChat"/>.
    /// </summary>
    public static int[] EncodeConversation(IReadOnlyList<string> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count % 2 == 0)
            throw new ArgumentException($"A conversation alternates user and assistant turns and ends with a user turn; got {turns.Count} turns.", nameof(turns));
        var ids = new List<int>(turns.Sum(t => t.Length + 2) + 1);
        for (int i = 0; i < turns.Count; i++)
        {
            ids.Add(i % 2 == 0 ? User : Assistant);
            ids.AddRange(Encode(turns[i]));
            if (i % 2 == 1)
                ids.Add(End);
        }

        ids.Add(Assistant);
        return [.. ids];
    }

    /// <summary>The id of one character: its own id or <see cref="Unknown"/>.</summary>
    public static int IdOf(char c) => c switch
    {
        '\n' => Newline,
        >= ' ' and <= '~' => FirstPrintable + (c - ' '),
        _ => Unknown,
    };

    /// <summary>The id whose <see cref="TokenText"/> is <paramref name="token"/>, or null if there is none.</summary>
    public static int? IdOfToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 1)
            return token[0] == '\uFFFD' ? Unknown : IdOf(token[0]) is var id && id != Unknown ? id : null;
        int special = Array.IndexOf(s_special, token);
        return special >= 0 ? special : null;
    }

    /// <summary>The text of one token: its character, or the special token's name (e.g. "&lt;|end|&gt;").</summary>
    public static string TokenText(int id) => id switch
    {
        < 0 or >= VocabularySize => throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids run from 0 to {VocabularySize - 1}."),
        Unknown => "\uFFFD",
        < Unknown => s_special[id],
        Newline => "\n",
        _ => ((char)(' ' + id - FirstPrintable)).ToString(),
    };

    /// <summary>Text of a token sequence; padding, turn markers and end tokens are dropped.</summary>
    public static string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if (id is Pad or User or Assistant or End)
                continue;
            text.Append(TokenText(id));
        }

        return text.ToString();
    }
}
