package main

import (
	"github.com/spf13/cobra"

	"fichier/store"
	"fichier/ui"
)

// runApp opens the terminal app on the default file.
func runApp(cmd *cobra.Command, g *globals) error {
	st, err := g.open(store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	return runUI(st, nil)
}

// runUI runs the terminal app; sess, when set, skips the login screen.
func runUI(st *store.Store, sess *store.Session) error {
	return ui.Run(st, sess)
}
