package ai.humane.launcher;

import ai.humane.status.control.Incidents;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;

/**
 * {@code humane incident …} (O2): what operators tell the public on /status. Opening an incident, each update
 * and the resolution are lines of its timeline on the page (within the page's 15 s cache). Runs as the runtime
 * role, which may write incidents and nothing of any tenant's.
 */
final class IncidentCommands {

    static final String USAGE = """
            humane incident open --title TEXT --impact minor|major|critical --message TEXT
                   humane incident update ID --status investigating|identified|monitoring --message TEXT
                   humane incident resolve ID --message TEXT
                   humane incident list""";

    private final OperatorCommands commands;

    IncidentCommands(Workspace workspace) {
        this.commands = new OperatorCommands(workspace);
    }

    int run(List<String> args) throws Exception {
        String action = args.isEmpty() ? "" : args.get(0);
        boolean withId = action.equals("update") || action.equals("resolve");
        if (!List.of("open", "update", "resolve", "list").contains(action) || (withId && args.size() < 2)) {
            System.err.println("usage: " + USAGE);
            return 2;
        }
        Options options = Options.parse(args.subList(withId ? 2 : 1, args.size()));
        Incidents incidents = new Incidents();
        return commands.onDatabase(db -> {
            try (Connection app = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
                switch (action) {
                    case "open" -> System.out.println("Incident " + incidents.open(app, options.required("title"),
                            options.required("impact"), options.required("message")) + " opened; it is on /status.");
                    case "update" -> incidents.update(app, UUID.fromString(args.get(1)), options.required("status"),
                            options.required("message"));
                    case "resolve" -> incidents.update(app, UUID.fromString(args.get(1)), "resolved",
                            options.required("message"));
                    default -> incidents.open(app).forEach(open -> System.out.println(open.id() + "  " + open.status()
                            + "  " + open.impact() + "  " + open.title()));
                }
                return 0;
            }
        });
    }
}
