#!/bin/sh
# Mutation testing with Cosmic Ray, a sample of 20 mutants per module.
#
#   tools/mutation/run.sh              # every module (about two hours on two cores)
#   tools/mutation/run.sh age check    # some modules
#
# Run it from the project's virtual environment with the `mutation` extra installed
# (`pip install -e '.[test,mutation]'`), on a clean tree: Cosmic Ray writes each mutant over
# the module in place, so that tests running `accords` in a subprocess see it too, and puts
# the original back after each one. After a hard kill, `git checkout src` restores it.
# Sessions are kept in .mutation/ (one SQLite file per module); the survivors of each, with
# their diffs, are printed at the end of its run.
set -eu
cd "$(dirname "$0")/../.."
here=tools/mutation
if [ "$#" -eq 0 ]; then
    set -- $(ls "$here/modules" | sed 's/\.toml$//')
fi
mkdir -p .mutation
for module in "$@"; do
    config="$here/modules/$module.toml"
    session=".mutation/$module.sqlite"
    [ -f "$config" ] || { echo "run.sh: no settings for $module ($config)" >&2; exit 2; }
    rm -f "$session"
    cosmic-ray init "$config" "$session"
    cr-filter-operators "$session" "$here/operators.toml"
    python "$here/sample.py" "$session"
    cosmic-ray baseline "$config"
    cosmic-ray exec "$config" "$session"
    python "$here/score.py" "$session"
done
