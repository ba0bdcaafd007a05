package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"fichier/model"
)

// The text toolkit every screen draws with: widths are terminal cells
// (ANSI-aware), numbers and dates are written the French way.

// fit cuts a line to width cells, with "…" when it is cut.
func fit(line string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// fitBlock cuts a block to at most w cells per line and h lines.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// padRight pads s with spaces to width cells.
func padRight(s string, width int) string {
	if d := width - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// padLeft pads s with spaces on the left to width cells (right-aligned).
func padLeft(s string, width int) string {
	if d := width - ansi.StringWidth(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// cell fits s to exactly w cells: cut with "…", or padded.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return padRight(fit(s, w), w)
}

// labelCell is a label column of w cells: the label fitted to w-1 cells
// and at least one space after it.
func labelCell(s string, w int) string {
	return padRight(ansi.Truncate(s, w-1, "…"), w)
}

// wrapText wraps s to lines of at most w cells (long words are cut).
func wrapText(s string, w int) []string {
	w = max(w, 1)
	if s == "" {
		return []string{""}
	}
	return strings.Split(ansi.Wrap(s, w, " "), "\n")
}

// FormatCount writes n the French way, with a space between thousands: « 1 305 ».
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if neg {
		return "-" + model.GroupDigits(s, ' ')
	}
	return model.GroupDigits(s, ' ')
}

// plural picks the singular or plural of a word by count.
func plural(n int, one, many string) string {
	if n <= 1 { // French: « 0 fiche », « 1 fiche », « 2 fiches »
		return one
	}
	return many
}

// French date layouts.
const (
	layoutDate      = "02/01/2006"
	layoutDateTime  = "02/01/2006 15:04"
	layoutShortWhen = "02/01/06 15:04"
)

// dateTime is a local date and time, "25/11/2026 10:00"; "" for none.
func dateTime(t time.Time) string { return formatTime(t, layoutDateTime) }

// shortDateTime is a compact date and time, "25/11/26 10:00"; "" for none.
func shortDateTime(t time.Time) string { return formatTime(t, layoutShortWhen) }

func formatTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(layout)
}

// squeeze drops blank lines, from the bottom up, until lines fit in h (a
// short terminal loses air, not text).
func squeeze(lines []string, h int) []string {
	for i := len(lines) - 1; i >= 0 && len(lines) > h; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			lines = append(lines[:i], lines[i+1:]...)
		}
	}
	return lines
}
