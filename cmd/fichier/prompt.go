package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// prompter asks questions on the terminal (or reads answers from a pipe).
type prompter struct {
	in  *bufio.Reader
	out io.Writer
	fd  int
	tty bool
}

func newPrompter(out io.Writer) *prompter {
	fd := int(os.Stdin.Fd())
	return &prompter{in: bufio.NewReader(os.Stdin), out: out, fd: fd, tty: term.IsTerminal(fd)}
}

func (p *prompter) line(question string) (string, error) {
	fmt.Fprint(p.out, question)
	s, err := p.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		return "", errors.New("saisie interrompue")
	}
	return strings.TrimSpace(s), nil
}

// secret reads a password without echo on a terminal.
func (p *prompter) secret(question string) (string, error) {
	if !p.tty {
		return p.line(question)
	}
	fmt.Fprint(p.out, question)
	b, err := term.ReadPassword(p.fd)
	fmt.Fprintln(p.out)
	if err != nil {
		return "", errors.New("saisie interrompue")
	}
	return string(b), nil
}

// password returns $FICHIER_PASSWORD or asks for it.
func (p *prompter) password(question string) (string, error) {
	if pw := os.Getenv("FICHIER_PASSWORD"); pw != "" {
		return pw, nil
	}
	return p.secret(question)
}
