# Two entry points a newcomer needs: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TORCH_VERSION := 2.13.0
STAMP := $(VENV)/.installed

.PHONY: run test lint venv bench clean package test-package install-desktop uninstall-desktop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: an unpinned torch would pull gigabytes of CUDA packages.
	$(BIN)/pip install --quiet "torch==$(TORCH_VERSION)"
	$(BIN)/pip install --quiet -e ".[train,dev]"
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/focuscoach

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# mypy cannot follow setuptools' package-dir mapping, so give it the installed names.
	mkdir -p build/typecheck/focuscoach
	for p in core desktop resources; do ln -sfn ../../../$$p build/typecheck/focuscoach/$$p; done
	MYPYPATH=build/typecheck $(BIN)/mypy -p focuscoach.core -p focuscoach.desktop -p tests
	$(BIN)/lint-imports

test: lint
	tests/run-pytest $(BIN)/python
	$(MAKE) bench

# Benchmarks print their figures and fail when a budget is missed.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/bench -m bench -s

clean:
	rm -rf $(VENV) build dist *.egg-info

# The desktop bundle (packaging/): dist/focuscoach/focuscoach runs without Python or this
# folder. PyInstaller comes with the `package` extra; torch stays pinned while it installs.
PKG_STAMP := $(VENV)/.installed-package
BUNDLE := dist/focuscoach
INSTALL_DIR ?= $(HOME)/.local/opt/focuscoach

$(PKG_STAMP): $(STAMP)
	$(BIN)/pip install --quiet "torch==$(TORCH_VERSION)" -e ".[train,dev,package]"
	touch $(PKG_STAMP)

package: $(PKG_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/focuscoach.spec
	du -sh $(BUNDLE)

# Builds the bundle from this checkout, then runs it in a real X session with an empty home.
test-package: $(PKG_STAMP)
	$(BIN)/python packaging/smoke_test.py

$(BUNDLE)/focuscoach:
	$(MAKE) package

# Copies the bundle to INSTALL_DIR and adds the menu entry and icons for the current user;
# AUTOSTART=1 also starts it at log-in.
install-desktop: $(BUNDLE)/focuscoach
	packaging/linux/install-bundle.sh $(BUNDLE) "$(INSTALL_DIR)" $(if $(AUTOSTART),--autostart)

uninstall-desktop:
	packaging/linux/install-bundle.sh --uninstall "$(INSTALL_DIR)"
