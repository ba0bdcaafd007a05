package model

import "strconv"

// Diff lists the fields whose displayed value differs between old and new,
// with both values: the journal's "what changed". Units appear as #id; the
// UI names them.
func Diff(old, new *Person) []Change {
	var out []Change
	for i := range Fields {
		f := &Fields[i]
		o, n := f.Text(old), f.Text(new)
		if o != n {
			out = append(out, Change{Field: f.Short, Old: o, New: n})
		}
	}
	return out
}

func unitRef(id UnitID) string {
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatUint(uint64(id), 10)
}
