"""The LaTeX commands the codec knows: accents, letters, symbols, logos, switches. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable

#: Accent commands -> combining marks.
ACCENTS: dict[str, str] = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}
MARK_COMMANDS: dict[str, str] = {mark: name for name, mark in ACCENTS.items()}

# Commands the encoder writes (and the decoder reads back) for non-ASCII letters.
LETTERS: dict[str, str] = {
    "ss": "ß",
    "SS": "SS",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
}
TEXT_SYMBOLS: dict[str, str] = {
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textasciigrave": "`",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "quotesinglbase": "‚",
    "quotedblbase": "„",
    "guillemotleft": "«",
    "guillemotright": "»",
    "guilsinglleft": "‹",
    "guilsinglright": "›",
    "textendash": "–",
    "textemdash": "—",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "textbullet": "•",
    "textperiodcentered": "·",
    "textdegree": "°",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "copyright": "©",
    "texteuro": "€",
    "euro": "€",
    "pounds": "£",
    "textsterling": "£",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
    "dots": "…",
    "ldots": "…",
    "textellipsis": "…",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textunderscore": "_",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textdollar": "$",
    "textsection": "§",
    "textparagraph": "¶",
    "textdagger": "†",
    "textdaggerdbl": "‡",
    "textonehalf": "½",
    "textmu": "µ",
    "textordfeminine": "ª",
    "textordmasculine": "º",
    "par": "\n\n",
    "thinspace": "\u2009",
    "enspace": "\u2002",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
    "Dash": "—",
    "emdash": "—",
    "endash": "–",
    "slash": "/",
    "bs": "\\",
}
MATH_SYMBOLS: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
    "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "aleph": "ℵ",
    "infty": "∞", "pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "·",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠",
    "approx": "≈", "sim": "∼", "equiv": "≡", "rightarrow": "→", "to": "→",
    "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔",
    "hookrightarrow": "↪", "mapsto": "↦", "bullet": "•", "circ": "∘",
    "dagger": "†", "ddagger": "‡", "partial": "∂", "nabla": "∇", "sum": "∑",
    "prod": "∏", "int": "∫", "sqrt": "√", "in": "∈", "subset": "⊂",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "forall": "∀", "exists": "∃",
    "neg": "¬", "wedge": "∧", "vee": "∨", "langle": "⟨", "rangle": "⟩",
    "backslash": "\\", "lbrace": "{", "rbrace": "}", "log": "log", "ln": "ln",
    "sin": "sin", "cos": "cos", "exp": "exp", "max": "max", "min": "min",
}  # fmt: skip
LOGOS: dict[str, str] = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "AMSTEX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX",
    "AmS": "AMS", "AMS": "AMS", "MF": "METAFONT", "METAFONT": "METAFONT", "MP": "MetaPost",
    "METAPOST": "MetaPost", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX", "ConTeXt": "ConTeXt", "eTeX": "ε-TeX", "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX", "PiCTeX": "PiCTeX", "SliTeX": "SliTeX", "SLiTeX": "SLiTeX",
    "TUB": "TUGboat", "TUG": "TUG", "CTAN": "CTAN", "PS": "PostScript",
    "POSTSCRIPT": "PostScript", "AllTeX": "(La)TeX", "LyX": "LyX", "TikZ": "TikZ",
    "Thanh": "Hàn Thế Thành", "NTS": "NTS", "OMEGA": "Omega", "BibLaTeX": "BibLaTeX",
}  # fmt: skip
CONTROL_SYMBOLS: dict[str, str] = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    "\t": " ",
    "\n": " ",
    "\\": " ",
    ",": "\u2009",
    ";": "\u2005",
    ":": "\u2005",
    "!": "",
    "/": "",
    "-": "",
    "@": "",
    ">": "\u2005",
    "|": "‖",
}
# Commands that vanish with no output of their own (formatting switches and the like).
IGNORED = frozenset(
    "it em bf sl tt sf rm sc up md normalfont itshape bfseries slshape ttfamily sffamily "
    "rmfamily scshape upshape mdseries relax protect unskip nobreak allowbreak break "
    "linebreak newline noindent indent smallskip medskip bigskip hfill vfill hfil "
    "small footnotesize scriptsize tiny large Large LARGE huge Huge normalsize "
    "mbox hbox fbox emph textit textbf textsl texttt textsf textrm textsc textup textmd "
    "textnormal textsuperscript textsubscript ensuremath NoCaseChange nocase acro pkg "
    "file prog pgm env cls meta macro book booktitle journal article play poemtitle "
    "storytitle foreign smc ssf slnine manfnt sltt slc eightrm ninesmc text mathrm "
    "mathit mathbf mathsf mathtt mathcal mathnormal phantom hphantom vphantom smash "
    "rlap llap spacefactor"
    .split()
)  # fmt: skip
DIMENSION_COMMANDS = frozenset("kern hskip vskip hspace vspace penalty raise lower".split())
DROP_ARGUMENT = frozenset(
    "noopsort SortNoop sortnoop noop nosort nocite label index hyphenation".split()
)
VERBATIM_COMMANDS = frozenset({"url", "path", "verb", "nolinkurl"})
UPPER_CASE_COMMANDS: dict[str, Callable[[str], str]] = {
    "uppercase": str.upper,
    "MakeUppercase": str.upper,
}
LOWER_CASE_COMMANDS: dict[str, Callable[[str], str]] = {
    "lowercase": str.lower,
    "MakeLowercase": str.lower,
}
