package ai.humane.status.control;


/**
 * A component that must be able to do its work before the application takes traffic, most often because a
 * key it needs comes from the environment. {@code StartupChecks} calls every one at boot and gathers what
 * they refuse with the rest ({@link BootRefusals}), so no feature needs to be known to the boot check.
 */
public interface BootCheck {

    /** Throws {@link IllegalStateException} or {@link IllegalArgumentException} naming what is wrong. */
    void verify();
}
