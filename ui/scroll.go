package ui

// Scrolling windows over tables: every table screen keeps a cursor and the
// first row shown (offset), and moves the window as little as possible.

// keepVisible returns offset moved so that cursor is one of the h rows of
// the window starting there.
func keepVisible(offset, cursor, h int) int {
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return offset
}

// scrollWindow is keepVisible for a table of n rows, also keeping the window
// from running past the last row (no blank space below it when it fits).
func scrollWindow(offset, cursor, h, n int) int {
	return clamp(keepVisible(offset, cursor, h), 0, max(n-h, 0))
}
