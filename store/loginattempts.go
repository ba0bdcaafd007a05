package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Failed logins are counted in the file, per username (known or not, so
// that the delay does not reveal which usernames exist; wrong second-factor
// codes count too), with the time of the last failure: the growing delay
// holds across processes, restarts and `fichier serve`'s sessions. Usernames
// are stored as a salted hash (the salt in meta): a password typed in the
// username field is never written down in clear. A count is forgotten a day
// after its last failure, and reset by a successful login.

var (
	bLoginFailures = []byte("login_failures") // hash(salt ‖ username) → count ‖ last failure (unix ns)
	kLoginSalt     = []byte("login_salt")
)

// failuresForget is how long after the last failure a count is dropped.
const failuresForget = 24 * time.Hour

// failures reads and writes the counts. A store that cannot write (read-only)
// keeps them in memory instead.
type failures struct {
	db  *bolt.DB
	now func() time.Time

	mu  sync.Mutex
	mem map[string]failure
}

type failure struct {
	n    int
	last time.Time
}

func (f *failures) get(name string) failure {
	var out failure
	if f.db != nil {
		_ = f.db.View(func(tx *bolt.Tx) error {
			b, key := tx.Bucket(bLoginFailures), failureKey(tx, name)
			if b == nil || key == nil {
				return nil
			}
			if v := b.Get(key); len(v) == 16 {
				out = failure{n: int(binary.BigEndian.Uint64(v)), last: time.Unix(0, int64(binary.BigEndian.Uint64(v[8:])))}
			}
			return nil
		})
	}
	f.mu.Lock()
	if m, ok := f.mem[name]; ok && m.n > out.n {
		out = m
	}
	f.mu.Unlock()
	if f.now().Sub(out.last) > failuresForget {
		return failure{}
	}
	return out
}

// count is the number of recent failures for name.
func (f *failures) count(name string) int { return f.get(name).n }

// wait is how long an attempt for name must still wait: LoginDelay of the
// count, from the last failure on.
func (f *failures) wait(name string) time.Duration {
	c := f.get(name)
	if c.n == 0 {
		return 0
	}
	return max(LoginDelay(c.n)-f.now().Sub(c.last), 0)
}

// add counts one more failure for name.
func (f *failures) add(name string) {
	c := f.get(name)
	c.n++
	c.last = f.now()
	if f.put(name, &c) != nil {
		f.mu.Lock()
		if f.mem == nil {
			f.mem = map[string]failure{}
		}
		f.mem[name] = c
		f.mu.Unlock()
	}
}

// reset forgets name's failures (successful login, password reset).
func (f *failures) reset(name string) {
	f.mu.Lock()
	delete(f.mem, name)
	f.mu.Unlock()
	if f.get(name).n > 0 {
		_ = f.put(name, nil)
	}
}

// put writes (or with c nil deletes) name's count, and drops counts older
// than failuresForget so that random usernames do not pile up.
func (f *failures) put(name string, c *failure) error {
	if f.db == nil || f.db.IsReadOnly() {
		return ErrReadOnlyStore
	}
	return f.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bLoginFailures)
		if err != nil {
			return err
		}
		if err := ensureLoginSalt(tx); err != nil {
			return err
		}
		cutoff := f.now().Add(-failuresForget).UnixNano()
		var old [][]byte
		_ = b.ForEach(func(k, v []byte) error {
			if len(v) != 16 || int64(binary.BigEndian.Uint64(v[8:])) < cutoff {
				old = append(old, k)
			}
			return nil
		})
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		key := failureKey(tx, name)
		if c == nil {
			return b.Delete(key)
		}
		v := make([]byte, 16)
		binary.BigEndian.PutUint64(v, uint64(c.n))
		binary.BigEndian.PutUint64(v[8:], uint64(c.last.UnixNano()))
		return b.Put(key, v)
	})
}

func ensureLoginSalt(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	if meta == nil || meta.Get(kLoginSalt) != nil {
		return nil
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	return meta.Put(kLoginSalt, salt)
}

// failureKey is the salted hash of a username; nil while the file has no salt.
func failureKey(tx *bolt.Tx, name string) []byte {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return nil
	}
	salt := meta.Get(kLoginSalt)
	if salt == nil {
		return nil
	}
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(name))
	return h.Sum(nil)[:16]
}
