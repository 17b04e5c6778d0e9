using MudBlazor;

namespace Sponsorship.Web.Components.Layout;

/// <summary>Grass green, sky blue and ripe-wheat gold on a pale meadow background.</summary>
public static class GrasslandTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f6b34",
            PrimaryContrastText = "#ffffff",
            Secondary = "#2c6a9e",
            Tertiary = "#c08b2c",
            Info = "#2c6a9e",
            Success = "#2b7330",
            Warning = "#8f5300",
            Error = "#b3261e",
            AppbarBackground = "#2f6b34",
            AppbarText = "#ffffff",
            Background = "#f5f7f0",
            Surface = "#ffffff",
            DrawerBackground = "#f5f7f0",
            TextPrimary = "#1f2a1c",
            TextSecondary = "#4d5a47",
            LinesDefault = "#dde3d3",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Roboto", "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
            },

            // Buttons read as written ("Adopt this sheep"), like the links beside them, not in capitals.
            Button = new ButtonTypography { TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px" },
    };
}
