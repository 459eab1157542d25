/*
 * table.c - the command table: every command by its exact name, in the
 * order `storied --help` lists them. Each entry (name, usage, help and the
 * setup its flags ask the dispatcher for) lives in its command's own file,
 * next to the options it parses.
 */
#include "cli.h"

const struct cmd_entry *const cmd_table[] = {
    &cmd_init_entry,
    &cmd_info_entry,
    &cmd_config_entry,
    &cmd_source_add_entry,
    &cmd_source_list_entry,
    &cmd_source_rm_entry,
    &cmd_collect_entry,
    &cmd_import_entry,
    &cmd_posts_entry,
    &cmd_hide_entry,
    &cmd_unhide_entry,
    &cmd_show_entry,
    &cmd_add_entry,
    &cmd_note_entry,
    &cmd_heading_entry,
    &cmd_annotate_entry,
    &cmd_move_entry,
    &cmd_rm_entry,
    &cmd_undo_entry,
    &cmd_redo_entry,
    &cmd_history_entry,
    &cmd_storyboard_export_entry,
    &cmd_storyboard_apply_entry,
    &cmd_edit_entry,
    &cmd_render_entry,
    &cmd_serve_entry,
    &cmd_stats_entry,
    &cmd_verify_entry,
    &cmd_export_warc_entry,
    NULL,
};
