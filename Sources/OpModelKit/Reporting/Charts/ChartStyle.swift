/// The colours and the style sheet every chart shares, SVG and Mermaid alike.
///
/// Colours come from the Okabe–Ito palette, which readers with any common colour-vision
/// deficiency tell apart; each has a lighter variant for dark themes, so that lines and marks
/// keep a contrast of at least 3:1 against the background in both. Colour never carries meaning
/// alone: series also differ by marker and dash, statuses by a symbol and a word, heatmap cells
/// by their number and glyph.
public enum ChartStyle {
    /// A colour with its light-theme and dark-theme values.
    public struct Colour: Sendable, Equatable {
        /// The colour's name, for legends that cannot show a swatch.
        public let name: String
        /// On a light background.
        public let light: String
        /// On a dark background.
        public let dark: String
    }

    /// Series colours, in order (Okabe–Ito: blue, vermillion, bluish green, reddish purple,
    /// orange, sky blue, then black or white).
    public static let series: [Colour] = [
        Colour(name: "blue", light: "#0072B2", dark: "#56A8E0"),
        Colour(name: "vermillion", light: "#D55E00", dark: "#F0803C"),
        Colour(name: "green", light: "#009E73", dark: "#2FC99A"),
        Colour(name: "purple", light: "#CC79A7", dark: "#E49BC4"),
        Colour(name: "orange", light: "#B87800", dark: "#F0B43C"),
        Colour(name: "sky blue", light: "#3A8FC4", dark: "#8DD3F7"),
        Colour(name: "grey", light: "#4D4D4D", dark: "#C8C8C8"),
    ]

    /// The series colour of `index`, cycling.
    public static func seriesColour(_ index: Int) -> Colour { series[index % series.count] }

    /// Marker shapes drawn at each point of series `index` (cycling): together with the colour
    /// and dash they tell series apart in print and for every reader.
    static let markers = ["circle", "square", "triangle", "diamond", "down", "plus", "cross"]

    /// Dash patterns of series lines, cycling with a period prime to the colours'.
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 4"]

    /// The heatmap's five classes, low to high (ColorBrewer YlGnBu, safe for colour-blind
    /// readers and in grey), each with the text colour that reads on it.
    public static let heat: [(fill: String, text: String)] = [
        ("#FFFFCC", "#1F2328"), ("#A1DAB4", "#1F2328"), ("#41B6C4", "#1F2328"), ("#2C7FB8", "#FFFFFF"),
        ("#253494", "#FFFFFF"),
    ]

    /// The status colours of roadmap steps (planned, in progress, done), light and dark.
    static let planned = Colour(name: "planned", light: "#0072B2", dark: "#56A8E0")
    static let inProgress = Colour(name: "in progress", light: "#B87800", dark: "#F0B43C")
    static let done = Colour(name: "done", light: "#007A5A", dark: "#2FC99A")

    /// The chart style sheet: class names start with `oc-` so that they never meet a page's
    /// own. Light by default, dark under `prefers-color-scheme: dark`; every chart paints an
    /// opaque `oc-bg` rectangle first, so it reads on any page and in viewers without CSS
    /// media queries (which then show the light colours).
    public static let css: String = {
        var light = """
            .oc-bg{fill:#FFFFFF}.oc-fg{fill:#1F2328}.oc-muted{fill:#57606A}.oc-grid{stroke:#D0D7DE;fill:none}\
            .oc-axis{stroke:#8C959F;fill:none}.oc-frame{fill:none;stroke:#D0D7DE}\
            .oc-halo{paint-order:stroke;stroke:#FFFFFF;stroke-width:4px;stroke-linejoin:round}\
            .oc-current{fill:#0072B2;fill-opacity:.18;stroke:#0072B2;stroke-width:2.5}\
            .oc-target{fill:none;stroke:#D55E00;stroke-width:2;stroke-dasharray:7 4}\
            .oc-dot{fill:#0072B2;stroke:#FFFFFF;stroke-width:1.5}\
            .oc-b{font-weight:700}.oc-small{font-size:11px}.oc-title{font-size:15px;font-weight:700}\
            .oc-planned{fill:#FFFFFF;stroke:#0072B2;stroke-width:1.5}\
            .oc-progress{fill:#FFF4DC;stroke:#B87800;stroke-width:2}\
            .oc-done{fill:#E3F5EE;stroke:#007A5A;stroke-width:2}\
            .oc-planned-mark{fill:#0072B2}.oc-progress-mark{fill:#B87800}.oc-done-mark{fill:#007A5A}\
            .oc-band{fill:#F6F8FA}.oc-empty{fill:none;stroke:#8C959F;stroke-dasharray:3 3}\
            text{font-family:-apple-system,'Segoe UI','Noto Sans',Helvetica,Arial,sans-serif;font-size:13px}

            """
        var dark = """
            @media (prefers-color-scheme: dark){\
            .oc-bg{fill:#0D1117}.oc-fg{fill:#E6EDF3}.oc-muted{fill:#9198A1}.oc-grid{stroke:#3D444D}\
            .oc-axis{stroke:#656C76}.oc-frame{stroke:#3D444D}.oc-halo{stroke:#0D1117}\
            .oc-current{fill:#56A8E0;stroke:#56A8E0;fill-opacity:.22}.oc-target{stroke:#F0803C}\
            .oc-dot{fill:#56A8E0;stroke:#0D1117}\
            .oc-planned{fill:#0D1117;stroke:#56A8E0}.oc-progress{fill:#2B2112;stroke:#F0B43C}\
            .oc-done{fill:#0F2A22;stroke:#2FC99A}\
            .oc-planned-mark{fill:#56A8E0}.oc-progress-mark{fill:#F0B43C}.oc-done-mark{fill:#2FC99A}\
            .oc-band{fill:#151B23}.oc-empty{stroke:#656C76}

            """
        for (index, colour) in series.enumerated() {
            light += ".oc-s\(index){stroke:\(colour.light)}.oc-f\(index){fill:\(colour.light)}"
            dark += ".oc-s\(index){stroke:\(colour.dark)}.oc-f\(index){fill:\(colour.dark)}"
        }
        light += "\n.oc-line{fill:none;stroke-width:2.5}.oc-cell{stroke:#8C959F;stroke-opacity:.5}\n"
        dark += "}\n"
        return light + dark
    }()
}
