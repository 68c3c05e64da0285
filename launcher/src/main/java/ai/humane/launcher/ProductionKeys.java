package ai.humane.launcher;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.sessions.control.SigningKeys;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A fresh set of the keys production refuses to start without (S4, K3, K4), as {@code KEY=VALUE} lines for
 * a secret store or an env file. Printed, never written anywhere: where they are kept is the operator's call.
 * To rotate, put a new key first and keep the old ones after it (docs/security-controls.md, S4, K3, K4).
 */
final class ProductionKeys {

    private ProductionKeys() {
    }

    static int print(PrintStream out) {
        out.println("JWT_SIGNING_KEYS=" + SigningKeys.generate("k-" + LocalDate.now(ZoneOffset.UTC)));
        out.println("FERNET_KEYS=" + KeyRing.generateKey());
        out.println("HMAC_KEY=" + HmacKeys.generateKey());
        return 0;
    }
}
