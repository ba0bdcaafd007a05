package store

import (
	"encoding/json"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// The filter bar's history: the last searches of each responsable, newest
// last, kept in the file so that ↑ in the bar finds them after a restart.
// Its bucket is created by the first write (files made before it lack it).
var bQueryHistory = []byte("query_history") // user id → JSON list of queries

// HistoryLimit is how many searches are kept per responsable.
const HistoryLimit = 50

// QueryHistory lists the session's last searches, oldest first.
func (s *Store) QueryHistory(sess *Session) ([]string, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bQueryHistory)
		if b == nil {
			return nil
		}
		v := b.Get(itob(uint64(u.ID)))
		if v == nil {
			return nil
		}
		if json.Unmarshal(v, &out) != nil {
			out = nil // a damaged history is forgotten, not fatal
		}
		return nil
	})
	return out, err
}

// AddQueryHistory puts text at the end of the session's history (moving it
// there if it was already in it), keeping the last HistoryLimit. Blank and
// invalid queries are not kept.
func (s *Store) AddQueryHistory(sess *Session, text string) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	text = strings.TrimSpace(model.StripControl(text))
	if text == "" {
		return nil
	}
	if _, err := query.Parse(text); err != nil {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bQueryHistory)
		if err != nil {
			return err
		}
		var list []string
		if v := b.Get(itob(uint64(u.ID))); v != nil {
			_ = json.Unmarshal(v, &list)
		}
		list = slices.DeleteFunc(list, func(q string) bool { return q == text })
		list = append(list, text)
		if len(list) > HistoryLimit {
			list = list[len(list)-HistoryLimit:]
		}
		v, err := json.Marshal(list)
		if err != nil {
			return err
		}
		return b.Put(itob(uint64(u.ID)), v)
	})
}
