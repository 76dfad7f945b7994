package io.secai.terminal.shell;

import java.util.List;
import java.util.function.Supplier;

import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes the shell's commands, their arguments, session ids for {@code sessions resume}, {@code delete} and {@code rename} and file names. */
final class ShellCompleter implements Completer {
    private final Supplier<List<String>> sessionIds;
    private final Completer files = new Completers.FileNameCompleter();

    ShellCompleter(Supplier<List<String>> sessionIds) {
        this.sessionIds = sessionIds;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            for (ShellCommand command : ShellCommand.values()) {
                for (String name : command.names()) {
                    candidates.add(new Candidate(name, name, null, command.summary(), null, null, true));
                }
            }
            return;
        }
        String first = words.get(0).toLowerCase(java.util.Locale.ROOT);
        if (index == 1 && first.equals("debug")) {
            candidates.add(new Candidate("on"));
            candidates.add(new Candidate("off"));
        } else if (index == 1 && first.equals("sessions")) {
            candidates.add(new Candidate("list"));
            candidates.add(new Candidate("resume"));
            candidates.add(new Candidate("delete"));
            candidates.add(new Candidate("rename"));
        } else if (index == 2 && first.equals("sessions")
                && java.util.List.of("resume", "delete", "rename").contains(words.get(1))) {
            sessionIds.get().forEach(id -> candidates.add(new Candidate(id)));
        } else if (index == 1 && first.equals("export")) {
            files.complete(reader, line, candidates);
        }
    }
}
