package ai.humane.status.control;

/** Measures one component. A probe never throws: whatever goes wrong is its component's outage. */
@FunctionalInterface
public interface Probe {

    Check run();
}
