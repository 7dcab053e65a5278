# `sam build` runs build-SkillFunction (template.yaml: BuildMethod makefile)
# in the repository root, with ARTIFACTS_DIR set to the function's build
# folder. BACKCARE defaults to the README's virtual environment.
BACKCARE ?= .venv/bin/backcare

build-SkillFunction:
	$(BACKCARE) package --lambda "$(ARTIFACTS_DIR)"
