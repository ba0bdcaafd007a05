package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"fichier/internal/serve"
	"fichier/store"
)

func newServeCmd(g *globals) *cobra.Command {
	var listen string
	var idle, grace time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Sert le fichier par SSH à plusieurs responsables en même temps",
		Long: "fichier serve tient le fichier et sert l'application à chaque responsable qui se connecte\n" +
			"par SSH (clé enregistrée dans « Mon compte », ou mot de passe puis code de double\n" +
			"authentification). Chacun voit son périmètre ; les modifications apparaissent aussitôt chez\n" +
			"les autres. Arrêt : ctrl+c ou SIGTERM (les formulaires non enregistrés ont quelques secondes).\n" +
			"Voir docs/SERVE.md.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd, g, serve.Config{Listen: listen, Idle: idle, Grace: grace})
		},
	}
	cmd.Flags().StringVar(&listen, "listen", serve.DefaultListen, "`adresse` d'écoute (0.0.0.0:2222 pour les autres machines du réseau)")
	cmd.Flags().DurationVar(&idle, "inactivite", 30*time.Minute, "ferme une session sans activité depuis ce temps (avertissement une minute avant)")
	cmd.Flags().DurationVar(&grace, "delai-arret", 10*time.Second, "à l'arrêt, temps laissé aux formulaires non enregistrés")
	return cmd
}

func runServe(cmd *cobra.Command, g *globals, cfg serve.Config) error {
	st, err := g.openExisting(store.Options{})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()
	if !st.HasUsers() {
		return errors.New("ce fichier n'a pas encore de responsable : créez-le d'abord avec « fichier init »")
	}
	cfg.Log = cmd.ErrOrStderr()
	srv, err := serve.New(st, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("impossible d'écouter sur %s : %w", cfg.Listen, err)
	}
	line := sshLine(ln.Addr())
	if err := store.WriteServeInfo(st.Path(), line); err != nil {
		ln.Close()
		return fmt.Errorf("impossible d'écrire %s : %w", store.ServeInfoPath(st.Path()), err)
	}
	defer store.RemoveServeInfo(st.Path())
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "fichier serve : %s\n", st.Path())
	fmt.Fprintf(out, "Empreinte de la clé du serveur (à vérifier à la première connexion) : %s\n", srv.Fingerprint())
	fmt.Fprintf(out, "Les responsables se connectent avec :\n  %s\n", line)
	fmt.Fprintln(out, "Arrêt : ctrl+c.")

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		if _, ok := <-sig; ok {
			fmt.Fprintln(cmd.ErrOrStderr(), "fichier serve : arrêt demandé, les sessions sont prévenues…")
			srv.Shutdown()
		}
	}()
	serveErr := srv.Serve(ln)
	if serveErr == nil {
		<-stopped
	}
	closed = true
	if err := st.Close(); err != nil {
		return fmt.Errorf("fermeture du fichier : %w", err)
	}
	if serveErr != nil {
		return serveErr
	}
	fmt.Fprintln(out, "fichier serve arrêté : fichier fermé proprement.")
	return nil
}

// sshLine is the command organisers type to connect.
func sshLine(addr net.Addr) string {
	host, port := "localhost", "22"
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = fmt.Sprint(tcp.Port)
		if !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		} else if h, err := os.Hostname(); err == nil {
			host = h
		}
	}
	return fmt.Sprintf("ssh -p %s VOTRE-IDENTIFIANT@%s", port, host)
}
