using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Sponsorship.Web.Features.Mail;

/// <summary>The plain-text alternative of a rendered mail: its words in reading order, links written out after their text.</summary>
public static class MailText
{
    private static readonly HashSet<string> Blocks = ["P", "DIV", "H1", "H2", "H3", "TR", "TABLE", "UL", "LI", "SECTION", "HEADER", "FOOTER"];

    public static string FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = new StringBuilder();
        Walk(document.Body!, text);
        var lines = text.ToString().Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.Append('\n').ToString();
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data.Replace('\n', ' '));
                    break;
                case IElement { TagName: "STYLE" or "SCRIPT" or "HEAD" }:
                    break;
                case IElement { TagName: "BR" }:
                    text.Append('\n');
                    break;
                case IElement { TagName: "IMG" } img:
                    if (img.GetAttribute("alt") is { Length: > 0 } alt)
                    {
                        text.Append('[').Append(alt).Append(']');
                    }

                    break;
                case IElement { TagName: "A" } a:
                    var before = text.Length;
                    Walk(a, text);
                    var href = a.GetAttribute("href");
                    if (href is { Length: > 0 } && !href.StartsWith("mailto:", StringComparison.Ordinal) && text.ToString(before, text.Length - before).Trim() != href)
                    {
                        text.Append(" <").Append(href).Append('>');
                    }

                    break;
                case IElement e:
                    var block = Blocks.Contains(e.TagName);
                    if (block)
                    {
                        text.Append('\n');
                    }

                    if (e.TagName == "LI")
                    {
                        text.Append("- ");
                    }

                    Walk(e, text);
                    if (block)
                    {
                        text.Append('\n');
                    }

                    break;
            }
        }
    }
}
