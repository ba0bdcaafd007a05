package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// table is the one list component of the app: a cursor over rows, the
// window of rows shown (moved as little as possible), and type-to-search
// when the rows are given a text. A screen keeps its rows in its own slice
// and asks the table which of them to draw:
//
//	t := newTable(newListKeys())
//	t.SetTexts(names)          // or t.SetLen(n) for rows without search
//	t.SetHeight(h)
//	t.Move(keyMsg) / t.Search(keyMsg)
//	for _, row := range t.Window() { … }   // or t.Lines(st, draw)
//	i := t.Selected()          // the row under the cursor, -1 when none
//
// Rows are numbered as the screen numbers them; while a search is typed,
// the rows shown are the matching ones, best first.
type table struct {
	keys   listKeys
	height int
	offset int      // first position shown
	cursor int      // position of the cursor among the rows shown
	n      int      // rows
	folded []string // folded text of each row; nil: no search
	query  string
	shown  []int // rows matching the query, best first; nil: all, in order
}

func newTable(keys listKeys) table { return table{keys: keys, height: 1} }

// SetLen sets the number of rows (without search texts), keeping the
// cursor where it was as far as possible.
func (t *table) SetLen(n int) {
	t.n, t.folded, t.shown, t.query = n, nil, nil, ""
	t.clampCursor()
}

// SetTexts sets the rows by their searchable text (one per row); a query
// being typed is applied again, and the cursor stays on the same row number
// when it is still shown (a screen whose rows moved calls Select).
func (t *table) SetTexts(texts []string) {
	keep := t.Selected()
	t.n = len(texts)
	t.folded = make([]string, len(texts))
	for i, s := range texts {
		t.folded[i] = model.Fold(s)
	}
	t.filter()
	if keep < 0 || !t.Select(keep) {
		t.clampCursor()
	}
}

// SetHeight sets how many rows the window shows.
func (t *table) SetHeight(h int) {
	t.height = max(h, 1)
	t.scroll()
}

// Len is the number of rows shown (all, or those matching the query).
func (t *table) Len() int {
	if t.shown != nil {
		return len(t.shown)
	}
	return t.n
}

// Cursor is the cursor's position among the rows shown.
func (t *table) Cursor() int { return t.cursor }

// row is the row at position pos among the rows shown.
func (t *table) row(pos int) int {
	if t.shown != nil {
		return t.shown[pos]
	}
	return pos
}

// Selected is the row under the cursor, -1 when no row is shown.
func (t *table) Selected() int {
	if t.cursor < 0 || t.cursor >= t.Len() {
		return -1
	}
	return t.row(t.cursor)
}

// Select puts the cursor on row; false when that row is not shown.
func (t *table) Select(row int) bool {
	if t.shown == nil {
		if row < 0 || row >= t.n {
			return false
		}
		t.cursor = row
		t.scroll()
		return true
	}
	pos := slices.Index(t.shown, row)
	if pos < 0 {
		return false
	}
	t.cursor = pos
	t.scroll()
	return true
}

// SetCursor puts the cursor at a position among the rows shown (clamped).
func (t *table) SetCursor(pos int) {
	t.cursor = pos
	t.clampCursor()
}

// Move applies a list move (↑↓, pages, start, end); false if msg is not one.
func (t *table) Move(msg tea.KeyMsg) bool {
	if !t.keys.move(msg, &t.cursor, t.Len(), t.height) {
		return false
	}
	t.scroll()
	return true
}

// Query is the search typed so far.
func (t *table) Query() string { return t.query }

// SetQuery searches the rows for q: the cursor goes to the best match.
func (t *table) SetQuery(q string) {
	if q == t.query {
		return
	}
	t.query = q
	t.filter()
	t.cursor, t.offset = 0, 0
}

// Search edits the query with a typed key: a letter adds to it, backspace
// takes the last one back. False when msg is not such a key or the rows
// have no text.
func (t *table) Search(msg tea.KeyMsg) bool {
	if t.folded == nil || msg.Alt {
		return false
	}
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		if msg.Type == tea.KeySpace && t.query == "" {
			return false
		}
		t.SetQuery(t.query + string(msg.Runes))
		return true
	case tea.KeyBackspace:
		if t.query == "" {
			return false
		}
		r := []rune(t.query)
		t.SetQuery(string(r[:len(r)-1]))
		return true
	}
	return false
}

// filter lists the rows matching the query, best first (the palette's
// rule: every word typed is in the text, where it starts a word first).
func (t *table) filter() {
	words := strings.Fields(model.Fold(t.query))
	if t.folded == nil || len(words) == 0 {
		t.shown = nil
		return
	}
	type hit struct{ row, score int }
	var hits []hit
	for i, s := range t.folded {
		if score, ok := matchScore(s, words); ok {
			hits = append(hits, hit{i, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.score - a.score })
	t.shown = make([]int, len(hits))
	for i, h := range hits {
		t.shown[i] = h.row
	}
}

func (t *table) clampCursor() {
	t.cursor = clamp(t.cursor, 0, t.Len()-1)
	t.scroll()
}

// scroll moves the window as little as possible so that the cursor is
// in it, without running past the last row (no blank space below it when
// the rows fit).
func (t *table) scroll() {
	off := t.offset
	if t.cursor < off {
		off = t.cursor
	}
	if t.cursor >= off+t.height {
		off = t.cursor - t.height + 1
	}
	t.offset = clamp(off, 0, max(t.Len()-t.height, 0))
}

// Span is the positions in the window, lo to hi excluded (for tables
// without search, positions are rows).
func (t *table) Span() (lo, hi int) {
	t.scroll()
	return t.offset, max(min(t.offset+t.height, t.Len()), t.offset)
}

// Window is the rows in the window, top to bottom.
func (t *table) Window() []int {
	t.scroll()
	end := min(t.offset+t.height, t.Len())
	out := make([]int, 0, max(end-t.offset, 0))
	for pos := t.offset; pos < end; pos++ {
		out = append(out, t.row(pos))
	}
	return out
}

// Lines draws the window: each row as draw makes it, the one under the
// cursor marked with ▸ and drawn selected.
func (t *table) Lines(st *Styles, draw func(row int) string) []string {
	return t.Marked(func(row int, selected bool) string {
		if selected {
			return st.Selected.Render(draw(row))
		}
		return draw(row)
	})
}

// Marked draws the window with rows styled by draw itself; the table adds
// the ▸ mark before the row under the cursor.
func (t *table) Marked(draw func(row int, selected bool) string) []string {
	sel := t.Selected()
	var out []string
	for _, row := range t.Window() {
		if row == sel {
			out = append(out, "▸ "+draw(row, true))
		} else {
			out = append(out, "  "+draw(row, false))
		}
	}
	return out
}

// SearchLine shows the query being typed, or how to search when none.
func (t *table) SearchLine(st *Styles) string {
	if t.query == "" {
		return "  " + st.Muted.Render("tapez pour chercher")
	}
	line := "  Recherche : " + st.Input.Render(model.StripControl(t.query))
	if t.Len() == 0 {
		line += "  " + st.Muted.Render("aucun résultat")
	}
	return line
}

// ---------------------------------------------------------------------------
// Columns

// column is one column of a table row.
type column struct {
	width int  // cells wanted
	min   int  // narrowest it may shrink to (0: it never shrinks)
	keep  int  // priority: when the row does not fit, the lowest goes first
	right bool // right-aligned (numbers)
}

// fitColumns gives each column its width for a row of w cells (gaps of
// one space between shown columns): columns shrink toward their minimum,
// then the lowest priority ones are hidden (width 0).
func fitColumns(cols []column, w int) []int {
	widths := make([]int, len(cols))
	shown := make([]bool, len(cols))
	for i := range cols {
		shown[i] = true
	}
	for {
		need, slack := -1, 0
		for i, c := range cols {
			if shown[i] {
				need += c.width + 1
				if c.min > 0 {
					slack += c.width - c.min
				}
			}
		}
		if need <= w || need < 0 {
			for i, c := range cols {
				if shown[i] {
					widths[i] = c.width
				}
			}
			return widths
		}
		if need-slack <= w {
			// Shrink the shrinkable columns, the last ones first.
			over := need - w
			for i := len(cols) - 1; i >= 0; i-- {
				c := cols[i]
				widths[i] = 0
				if !shown[i] {
					continue
				}
				widths[i] = c.width
				if c.min > 0 && over > 0 {
					cut := min(over, c.width-c.min)
					widths[i] -= cut
					over -= cut
				}
			}
			return widths
		}
		drop := -1
		for i, c := range cols {
			if shown[i] && (drop < 0 || c.keep < cols[drop].keep) {
				drop = i
			}
		}
		if drop < 0 {
			return widths
		}
		shown[drop] = false
	}
}

// joinCells lays cells out in columns of widths (hidden columns skipped).
func joinCells(cols []column, widths []int, cells ...string) string {
	var b strings.Builder
	first := true
	for i, w := range widths {
		if w == 0 || i >= len(cells) {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		if cols[i].right {
			b.WriteString(padLeft(fit(cells[i], w), w))
		} else {
			b.WriteString(cell(cells[i], w))
		}
	}
	return b.String()
}
