# render_story.sh - the rendered story reads right: the header gives the
# event's days in the project's language (until is exclusive), each post
# carries dir="auto" and a lang (its own, else the project's), and a
# source without a name is credited by its address, a local file only by
# its file name, never a path on the curator's disk.
. "$TOP/tests/lib.sh"

ok "init" storied init --title "Days" --timezone Europe/Oslo --since 2026-05-20 --until 2026-05-22
sql <"$FIXTURES/posts.sql"
sql "UPDATE posts SET published = published + 5702400; UPDATE posts SET language = NULL WHERE id = 2;
     UPDATE sources SET name = NULL, url = '/home/curator/private/feeds/blog.atom' WHERE id = 2"
ok "add --all" storied -q add --all
ok "render" storied render
contains "header: the event's days, until exclusive" "$out" '>20–21 May 2026</time>'
contains "every post: dir=auto" "$out" 'dir="auto" lang="en"'
contains "a post without a language takes the project's" "$out" "id=\"days-item-2\" dir=\"auto\" lang=\"en\""
contains "a local source is credited by its file name" "$out" "blog.atom"
lacks "never by its path" "$out" "/home/curator"
ok "render md" storied render --format md
contains "md: the event's days" "$out" "20–21 May 2026 (Europe/Oslo)"
lacks "md: never a local path" "$out" "/home/curator"
ok "config language fr" storied config language fr
ok "render in French" storied render
contains "days in the project's language" "$out" ">20–21 mai 2026</time>"
ok "one day" storied config until 2026-05-21
ok "render one day" storied render --format md
contains "a one-day event" "$out" "20 mai 2026 (Europe/Oslo)"
ok "across months" storied config until 2026-06-02
ok "config language en" storied config language en
ok "render across months" storied render --format md
contains "across months" "$out" "20 May – 1 June 2026"
