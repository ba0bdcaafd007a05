package store

import (
	"encoding/json"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Records kept as JSON in a bucket of their own (accounts, units,
// mutations, rounds, calls), keyed by a number the bucket hands out.

// forEachJSON decodes each record of b, in key order, and gives it to fn;
// what names a record in the error of one that cannot be read ("unité").
func forEachJSON[T any](b *bolt.Bucket, what string, fn func(v *T) error) error {
	return b.ForEach(func(k, data []byte) error {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("%s %d illisible : %w", what, btoi(k), err)
		}
		return fn(&v)
	})
}

// numbered gives a new record (*id still 0) the next number of b.
func numbered[ID ~uint32 | ~uint64](b *bolt.Bucket, id *ID) error {
	if *id != 0 {
		return nil
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	*id = ID(seq)
	return nil
}

// cache mirrors such a bucket in memory, for every session: written by the
// write that changes a record, once committed.
type cache[ID comparable, T any] struct {
	mu   sync.RWMutex
	byID map[ID]T
}

func (c *cache[ID, T]) get(id ID) (T, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.byID[id]
	return v, ok
}

// all lists the records, in no order.
func (c *cache[ID, T]) all() []T {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]T, 0, len(c.byID))
	for _, v := range c.byID {
		out = append(out, v)
	}
	return out
}

// putJSON stores v as JSON under key.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}
