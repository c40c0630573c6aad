# auth0-wizard: `make run` opens the wizard, `make test` runs every test.
# Both install what is missing first (scripts/bootstrap.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run test bootstrap ui lint unit ui-test e2e bench package bindings clean

run: bootstrap ui
	$(CARGO) build -p auth0-wizard-app
	./target/debug/auth0-wizard-app

test: bootstrap ui lint unit ui-test e2e
	@echo "make test: all passed"

bootstrap:
	@bash scripts/bootstrap.sh

# The front end is compiled into the app, so it is built before any Rust that embeds it.
ui:
	npm --prefix ui run build

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --workspace --locked

ui-test:
	npm --prefix ui test

# The real app in a real window: tauri-driver + WebKitWebDriver under Xvfb, inside
# its own D-Bus session (see tests/e2e/run.sh).
e2e:
	$(CARGO) build -p auth0-wizard-app --locked
	bash tests/e2e/run.sh

bench:
	$(CARGO) bench -p auth0-wizard-core --bench export
	bash scripts/bench-app.sh

package: bootstrap ui
	npm --prefix ui exec -- tauri build --bundles deb --config ../src-tauri/tauri.conf.json

bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p auth0-wizard-core --test bindings

clean:
	$(CARGO) clean
	rm -rf ui/dist
