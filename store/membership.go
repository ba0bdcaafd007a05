package store

import (
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Membership numbers: "<federation code>-<6 digits>", one counter per
// federation in the sequences bucket.

// putNumbered writes fiche p inside tx (oldNumber: the membership number
// it had), giving it first the number and join date an adherent lacks.
func (s *Store) putNumbered(tx *bolt.Tx, p *model.Person, oldNumber string) error {
	if err := s.assignMembership(tx, p); err != nil {
		return err
	}
	return putPerson(tx, p, oldNumber)
}

// assignMembership gives an adherent a membership number and join date when
// missing. Numbers are "<federation code>-<6 digits>", from a per-federation counter.
func (s *Store) assignMembership(tx *bolt.Tx, p *model.Person) error {
	if p.Kind != model.KindAdherent || p.Arrival { // an arrival gets its number when processed
		return nil
	}
	if p.JoinDate == 0 {
		p.JoinDate = s.today()
	}
	if p.MemberNumber != "" {
		return nil
	}
	fed, _ := s.units.get(p.Org.Federation)
	code := fed.Code
	if code == "" {
		code = strconv.Itoa(int(fed.ID))
	}
	seqs := tx.Bucket(bSequences)
	key := []byte("member:" + code)
	nums := tx.Bucket(bMemberNumbers)
	n := btoi(seqs.Get(key))
	for {
		n++
		num := fmt.Sprintf("%s-%06d", code, n)
		if nums.Get([]byte(num)) == nil {
			p.MemberNumber = num
			return seqs.Put(key, itob(n))
		}
	}
}

// bumpMemberSequence keeps the per-federation counter above numbers given
// from outside ("38-004512"), so that later numbers never collide.
func bumpMemberSequence(seqs *bolt.Bucket, num string) error {
	code, digits, ok := strings.Cut(num, "-")
	if !ok {
		return nil
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return nil
	}
	key := []byte("member:" + code)
	if btoi(seqs.Get(key)) >= n {
		return nil
	}
	return seqs.Put(key, itob(n))
}
