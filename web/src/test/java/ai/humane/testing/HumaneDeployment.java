package ai.humane.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An HTTP test against the real WAR on Payara Micro and PostgreSQL 16. The database comes first,
 * then Arquillian boots Payara Micro with it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({TestPlatform.class, ArquillianExtension.class})
public @interface HumaneDeployment {
}
