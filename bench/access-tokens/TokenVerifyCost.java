import ai.humane.sessions.control.AccessTokens;
import ai.humane.sessions.control.SigningKeys;
import ai.humane.sessions.control.TokenClaims;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * CPU per AccessTokens.verify on this machine, without the database: a token's first presentation (the ES256
 * signature is checked) beside its next ones (remembered by the SHA-256 of its text). Run from the repository root
 * after a build, see REPORT.md for the class path.
 */
public class TokenVerifyCost {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        AccessTokens tokens = new AccessTokens(new SigningKeys(SigningKeys.generate("bench")), "https://bench.test",
                "humane-api", Clock.systemUTC());
        for (int round = 1; round <= 5; round++) {
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fresh.add(tokens.issue(TokenClaims.forUser(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                        "member", Set.of("read", "write"))));
            }
            long start = System.nanoTime();
            fresh.forEach(t -> tokens.verify(t).orElseThrow());
            long first = System.nanoTime() - start;
            start = System.nanoTime();
            fresh.forEach(t -> tokens.verify(t).orElseThrow());
            long again = System.nanoTime() - start;
            System.out.printf("round %d: first presentation %.0f us, next presentations %.1f us (%d tokens)%n",
                    round, first / 1000.0 / n, again / 1000.0 / n, n);
        }
    }
}
