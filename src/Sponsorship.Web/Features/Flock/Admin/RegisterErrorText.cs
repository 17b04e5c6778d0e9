using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Flock.Admin;

/// <summary>The localised sentence for a refused change to the villages or households register.</summary>
public static class RegisterErrorText
{
    public static string Describe(this IStringLocalizer<Strings> l, RegisterResult result) =>
        l[$"AdminFlock.Error.{result.Error}", result.Count];
}
