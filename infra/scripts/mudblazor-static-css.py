#!/usr/bin/env python3
"""Makes wwwroot-assets/css/mud-static.css: MudBlazor's stylesheet trimmed to what the light pages use.

The light pages (the public pages and the herders' pages, see LightPages.cs) render statically and use a handful of
MudBlazor components; its whole stylesheet is 627 KiB (43 KiB compressed), most of it for components they never show.
This keeps
- the rules whose every `mud-…` class belongs to a component those pages use (COMPONENTS: every variant of it, so a
  warning chip or an error alert is styled even if no page showed one when this ran) and whose other classes are
  utilities the pages use (UTILITIES), the rules with no class at all (MudBlazor's base styles), the @keyframes those use;
- the theme: the CSS variables and the scrollbar and chart styles that MudThemeProvider writes into every page, taken
  from a running app (those pages then skip MudThemeProvider, which is 12 KiB of each page's HTML).

Run it against the app after changing the theme, the MudBlazor version or the components a light page uses
(PageWeightJourneys fails until then, naming the class or the theme variable that is missing):

    dotnet run --project src/Sponsorship.Web --urls http://127.0.0.1:5080 &
    python3 infra/scripts/mudblazor-static-css.py http://127.0.0.1:5080
"""
import glob
import os
import re
import sys
import urllib.request

# MudBlazor components on the light pages, by the prefix of their classes.
COMPONENTS = [
    "mud-alert", "mud-appbar", "mud-button", "mud-chip", "mud-container", "mud-elevation", "mud-grid", "mud-icon",
    "mud-svg-icon", "mud-paper", "mud-ripple", "mud-simple-table", "mud-toolbar", "mud-typography", "mud-width-full",
    # Colours a component may be given (text, background, border).
    "mud-primary", "mud-secondary", "mud-tertiary", "mud-info", "mud-success", "mud-warning", "mud-error", "mud-dark",
    "mud-default",
]

# Components whose names begin like one above but that no light page uses; MudSimpleTable's own classes.
NOT_COMPONENTS = ["mud-button-group", "mud-icon-button", "mud-table"]
SIMPLE_TABLE = {"mud-table", "mud-table-container", "mud-table-outlined", "mud-table-dense", "mud-table-bordered",
                "mud-table-striped", "mud-table-hover"}

# MudBlazor's utility classes the light pages and the components on them use.
UTILITIES = {
    "flex-grow-1", "justify-start", "justify-center", "justify-space-between", "align-center", "d-flex", "d-inline-flex",
    "flex-column", "flex-wrap", "gap-2", "mb-2", "mb-3", "mb-4", "mb-6", "mt-2", "mt-4", "my-2", "pa-3", "pa-5", "pa-6",
    "py-6",
    # The layout's "reload" and "dismiss" in Blazor's error bar.
    "reload", "dismiss",
}

here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "..", "..", "wwwroot-assets", "css", "mud-static.css")


def mudblazor_css():
    found = sorted(glob.glob(os.path.expanduser("~/.nuget/packages/mudblazor/*/staticwebassets/MudBlazor.min.css")))
    version = re.search(r'Include="MudBlazor" Version="([^"]+)"', open(os.path.join(here, "..", "..", "Directory.Packages.props")).read())
    for path in found:
        if f"/mudblazor/{version.group(1)}/" in path:
            return version.group(1), open(path, encoding="utf-8").read()
    sys.exit(f"MudBlazor {version.group(1)} is not in ~/.nuget/packages: run dotnet restore first.")


def theme_styles(base_url):
    """The inline styles MudThemeProvider writes, from a page that still has it (the sign-in page is not light)."""
    html = urllib.request.urlopen(base_url.rstrip("/") + "/Account/Login").read().decode("utf-8")
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    if not any("--mud-palette-primary:" in s for s in styles):
        sys.exit("No MudThemeProvider style on /Account/Login.")
    return "\n".join(s.strip() for s in styles)


def blocks(css):
    """Top-level (prelude, body) pairs; body is None for a statement such as @charset."""
    out, i, n = [], 0, len(css)
    while i < n:
        j = i
        while j < n and css[j] not in "{;":
            if css[j] in "\"'":
                j = css.index(css[j], j + 1)
            j += 1
        if j >= n:
            break
        prelude = css[i:j].strip()
        if css[j] == ";":
            out.append((prelude, None))
            i = j + 1
            continue
        depth, k = 1, j + 1
        while depth:
            c = css[k]
            if c in "\"'":
                k = css.index(c, k + 1)
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            k += 1
        out.append((prelude, css[j + 1:k - 1]))
        i = k
    return out


def split_selectors(prelude):
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def wanted(selector):
    for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selector):
        if name in SIMPLE_TABLE:
            continue
        if name.startswith("mud-"):
            if any(name == c or name.startswith(c + "-") for c in NOT_COMPONENTS):
                return False
            if not any(name == c or name.startswith(c + "-") for c in COMPONENTS):
                return False
        elif name not in UTILITIES:
            return False
    return True


def trim(css):
    kept = []
    for prelude, body in blocks(css):
        if body is None:
            continue
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = trim(body)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@keyframes") or prelude.startswith("@-webkit-keyframes"):
            kept.append(("keyframes", prelude.split()[1], f"{prelude}{{{body}}}"))
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_selectors(prelude) if wanted(s)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    rules = "".join(k for k in kept if isinstance(k, str))
    frames = "".join(k[2] for k in kept if not isinstance(k, str) and re.search(rf"\b{re.escape(k[1])}\b", rules))
    return rules + frames


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    version, css = mudblazor_css()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    trimmed = trim(css)
    header = (f"/* MudBlazor {version} (MIT), trimmed to the components the light pages use, and the site's theme as "
              "MudThemeProvider writes it. Made by infra/scripts/mudblazor-static-css.py: do not edit. */\n")
    with open(target, "w", encoding="utf-8") as f:
        f.write(header + theme_styles(sys.argv[1]) + "\n" + trimmed + "\n")
    print(f"{target}: {len(trimmed):,} bytes of MudBlazor's {len(css):,}")


main()
