using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>
/// One of the programme's named pastures (夏季草场 / Summer pasture): a move names one, so every page and mail can say
/// where the sheep went in the reader's language. A place not on the list is written out by the herder instead.
/// </summary>
public class NamedPasture
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string NameLatin { get; set; } = "";
}

public class NamedPastureConfiguration : IEntityTypeConfiguration<NamedPasture>
{
    public void Configure(EntityTypeBuilder<NamedPasture> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.NameLatin).HasMaxLength(64);
        builder.HasIndex(p => p.Name).IsUnique();
    }
}

/// <summary>
/// Where a move went, as the pages show it: a named pasture in both languages, or the herder's own words for a place
/// not on the list.
/// </summary>
public sealed record MovedTo(string? Name, string? NameLatin, string? Words)
{
    public bool Named => Name is not null;
}
