using Assay.Core;

namespace Assay.Nano.Tests;

public sealed class DistillationTests
{
    [Fact]
    public void Distilling_a_fresh_student_on_teacher_probabilities_brings_it_close_to_the_teacher()
    {
        var teacher = NanoModel.Create(TinyModels.Text(), seed: 1);
        NanoTrainer.Train(teacher, TinyModels.Arithmetic, TinyModels.Overfit());
        var examples = TinyModels.Arithmetic.Select(e => DistillationExample.FromTeacher(teacher, e.Prompt, e.Answer)).ToList();
        var student = NanoModel.Create(TinyModels.Text(), seed: 2);
        var losses = new List<float>();

        NanoTrainer.Distill(student, examples, TinyModels.Overfit(), p => losses.Add(p.Loss));

        Assert.True(losses[0] > 1, $"first KL {losses[0]}");
        Assert.True(losses[^1] < 0.05, $"last KL {losses[^1]}");
        foreach (var example in TinyModels.Arithmetic)
        {
            var answer = NanoSampler.Generate(student, example.Prompt, new SamplingRequest { Temperature = 0, MaxTokens = 20 })[0].Text;
            Assert.Equal(example.Answer, answer);
        }
    }

    [Fact]
    public void Teacher_rows_from_logprobs_hold_the_chosen_token_and_its_alternatives()
    {
        TokenLogprob[] logprobs =
        [
            new("4", Math.Log(0.5), [new TopLogprob("4", Math.Log(0.5)), new TopLogprob("5", Math.Log(0.25))]),
            new("<|end|>", Math.Log(0.9), []),
        ];

        var example = DistillationExample.FromLogprobs("2+2=", "4", logprobs);

        Assert.Equal(0.5f, example.Teacher[0][NanoTokenizer.IdOf('4')], 5);
        Assert.Equal(0.25f, example.Teacher[0][NanoTokenizer.IdOf('5')], 5);
        Assert.Equal(0.9f, example.Teacher[1][NanoTokenizer.End], 5);
        Assert.Equal(2, example.Teacher[0].Count(p => p > 0));
    }

    [Fact]
    public void Logprobs_from_another_tokenizer_are_refused_by_position_and_token()
    {
        TokenLogprob[] logprobs = [new("forty", -0.1, [])];

        var error = Assert.Throws<ArgumentException>(() => DistillationExample.FromLogprobs("q", "4", logprobs));

        Assert.StartsWith("logprobs[0]: token 'forty' is not a nano token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Teacher_rows_must_cover_every_answer_token_and_the_end()
    {
        var model = NanoModel.Create(TinyModels.Text(), seed: 1);
        var example = new DistillationExample("q", "42", [new float[NanoTokenizer.VocabularySize]]);

        var error = Assert.Throws<ArgumentException>(() => NanoTrainer.Distill(model, [example], TinyModels.Overfit(steps: 1)));

        Assert.Contains("Distillation example 0 has 1 teacher rows; its answer needs 3", error.Message, StringComparison.Ordinal);
    }
}
