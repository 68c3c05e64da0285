package ai.humane.mail.control;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What the container does for a JTA transaction, reduced to one connection: every getConnection()
 * inside the transaction answers the transaction's connection, and closing it only hands it back;
 * commit or rollback decides what becomes of the work.
 */
final class CallerTransaction implements AutoCloseable {

    private final Connection connection;

    CallerTransaction(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    DataSource dataSource() {
        Connection handle = proxy(Connection.class, (self, method, args) ->
                "close".equals(method.getName()) ? null : call(method, connection, args));
        return proxy(DataSource.class, (self, method, args) ->
                "getConnection".equals(method.getName()) ? handle : call(method, null, args));
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        if (target == null) {
            throw new UnsupportedOperationException(method.getName());
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(CallerTransaction.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
