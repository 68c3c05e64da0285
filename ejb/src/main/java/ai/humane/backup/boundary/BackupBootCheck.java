package ai.humane.backup.boundary;

import ai.humane.backup.control.BackupSettings;
import ai.humane.backup.control.BackupTime;
import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BootCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Nightly backups' settings refuse the boot with the other refusals (O3): with BACKUP_TARGET set, production without
 * BACKUP_PUBLIC_KEY (it never writes a backup in clear), a key that is no public key, no backup role, or a BACKUP_AT
 * that is no time of day. Until
 * 2026-12-07 only {@code NightlyBackup}'s own start refused them, after the boot check, which stopped the deployment
 * first whenever it refused anything else, and no test booted with a target (found by a read-only review).
 */
@ApplicationScoped
public class BackupBootCheck implements BootCheck {

    @Inject
    Config config;

    @Inject
    AppEnvironment environment;

    @Override
    public void verify() {
        BackupSettings settings = BackupSettings.from(name -> config.getOptionalValue(name, String.class));
        if (settings.configured()) {
            BackupTime.from(config.getOptionalValue("BACKUP_AT", String.class));
            settings.verifiedKey(environment.production());
        }
    }
}
