package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// actionConstants lists the Action constants declared in this package's
// files, read from the source so that a new one cannot be missed.
func actionConstants(t *testing.T) []Action {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []Action
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Action" {
					continue
				}
				for i, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: Action %s is not a literal", name, vs.Names[i].Name)
					}
					out = append(out, Action(lit.Value[1:len(lit.Value)-1]))
				}
			}
		}
	}
	return out
}

func TestEveryActionHasAFrenchLabel(t *testing.T) {
	all := actionConstants(t)
	if len(all) < 28 {
		t.Fatalf("found only %d Action constants: the parser missed some", len(all))
	}
	for _, a := range all {
		d, ok := actions[a]
		if !ok || d.label == "" || d.kind == "" {
			t.Errorf("action %q has no label or kind in model.actions", a)
		}
		if a.Label() == string(a) && a != ActionExport && a != ActionImport && a != ActionMigration &&
			a != ActionBackup && a != ActionCompact && a != ActionLoginOK {
			t.Errorf("action %q is labelled with its raw code", a)
		}
	}
	if len(actions) != len(all) {
		t.Errorf("model.actions has %d entries, %d actions are declared", len(actions), len(all))
	}
	if ActionPersonImport.Label() != "fiche importée" || ActionPersonMerge.HistoryLabel() != "fusion avec un doublon" {
		t.Error("import and merge actions must be named")
	}
	if KindOf(ActionImport) != KindImport || KindOf(ActionPersonImport) != KindImport || KindOf(ActionPersonMerge) != KindFiche {
		t.Error("kinds of import and merge")
	}
	if Action("inconnue\x1b[31m").Label() != "inconnue" {
		t.Error("an unknown action must be shown stripped of control sequences")
	}
}

func TestKindOfActions(t *testing.T) {
	cases := map[Action]ActionKind{
		ActionPersonCreate: KindFiche, ActionPersonErase: KindFiche, ActionExport: KindExport,
		ActionLoginOK: KindLogin, ActionLoginFail: KindLogin, ActionUserCreate: KindResponsable,
		ActionPasswordReset: KindResponsable, ActionUnitClose: KindStructure, ActionBackup: KindOther,
	}
	for a, want := range cases {
		if got := KindOf(a); got != want {
			t.Errorf("KindOf(%s) = %s, want %s", a, got, want)
		}
	}
}
