namespace Assay.Training.Tests;

public sealed class FrontierTests
{
    private static LevelScore Level(string kind, int difficulty, int passed) => new(kind, difficulty, 8, 100, passed);

    [Fact]
    public void Frontier_is_the_first_rarely_solved_level_above_mostly_solved_ones()
    {
        var scores = new[]
        {
            Level("arithmetic", 1, 90), Level("arithmetic", 2, 60), Level("arithmetic", 3, 7), Level("arithmetic", 4, 1),
            Level("strings", 1, 40), Level("strings", 2, 5),        // level 1 is not mostly solved: no frontier
            Level("functions", 1, 100), Level("functions", 2, 0),   // zero is not "small but not zero"
        };

        var frontier = Frontier.Find(scores);

        Assert.Equal([("arithmetic", 3)], frontier.Select(f => (f.Kind, f.Difficulty)));
    }
}
