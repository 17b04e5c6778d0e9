namespace Sponsorship.Web.Resources;

/// <summary>Marker for the shared UI strings in Strings.resx (English) and Strings.zh-CN.resx.</summary>
public sealed class Strings;
