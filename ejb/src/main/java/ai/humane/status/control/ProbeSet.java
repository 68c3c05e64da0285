package ai.humane.status.control;

import java.util.List;

/** The probes of one round, run one after the other; each answers for itself, none can stop the others. */
public record ProbeSet(List<Probe> probes) {

    public ProbeSet {
        probes = List.copyOf(probes);
    }

    public List<Check> run() {
        return probes.stream().map(Probe::run).toList();
    }
}
