package dev.herald.engine.handler;

import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A service's config that the config API can replace while handlers run; handlers read it at send time. */
final class LiveServiceConfig<C extends Record> implements ServiceConfig<C> {
    private final AtomicReference<ServiceConfig<C>> current;

    LiveServiceConfig(ServiceConfig<C> initial) {
        this.current = new AtomicReference<>(initial);
    }

    void replace(ServiceConfig<C> next) {
        current.set(next);
    }

    ServiceConfig<C> current() {
        return current.get();
    }

    @Override
    public List<ServiceElement<C>> elements() {
        return current.get().elements();
    }
}
