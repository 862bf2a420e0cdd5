using System.Globalization;

namespace Assay.Verification;

/// <summary>A user's uid and gid, from /etc/passwd (the one place a user name is looked up).</summary>
internal sealed record PasswdEntry(string Name, int Uid, int Gid)
{
    /// <summary>The entry of <paramref name="name"/>, or null when there is none.</summary>
    public static PasswdEntry? Find(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name)
            {
                return new PasswdEntry(name, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        return null;
    }
}
