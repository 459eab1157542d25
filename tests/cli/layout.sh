# layout.sh - the layering rules a grep can check (docs/layout.md,
# STYLE.md): the store's headers include no collect header, only http.c
# and url.c include curl, only src/store/ includes SQLite, only the
# Markdown wrapper includes cmark, commands do not take URLs apart, and
# every source file opens with a comment saying what it is.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1

collect_headers="collect.h feed.h hashtag.h http.h import.h incoming_internal.h keep.h url.h api.h"
bad=""
for h in include/store*.h; do
	for c in $collect_headers; do
		grep -q "#include \"$c\"" "$h" && bad="$bad $h:$c"
	done
done
same "store_* headers include no collect header" "$bad" ""

same "only http.c and url.c include curl" \
	"$(grep -rl '#include <curl/' src include | sort | tr '\n' ' ')" \
	"src/collect/http.c src/collect/url.c "
same "only src/store/ includes SQLite" \
	"$(grep -rl '#include <sqlite3.h>' src include | grep -v '^src/store/' | tr '\n' ' ')" ""
same "only the Markdown wrapper includes cmark" \
	"$(grep -rl '#include <cmark.h>' src include | tr '\n' ' ')" "src/render/markdown.c "
same "no command decodes percent escapes by hand" \
	"$(grep -l "'%'" src/cmd/*.c | tr '\n' ' ')" ""

nohead=""
for f in src/*/*.c src/*/*.h include/*.h; do
	case "$(head -n 1 "$f")" in
	"/*"*) ;;
	*) nohead="$nohead $f" ;;
	esac
done
same "every source file opens with a comment" "$nohead" ""
