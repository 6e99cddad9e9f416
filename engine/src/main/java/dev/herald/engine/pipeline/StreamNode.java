package dev.herald.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of a running task: receives messages from its parent and emits messages to its children. Nodes of one
 * task are driven by one thread at a time (the task serializes writes), so they keep plain mutable state.
 */
public abstract class StreamNode {
    private final String name;
    private final List<StreamNode> children = new ArrayList<>();
    /** What writes to the task synchronize on; timer-driven nodes take it too (see {@link #taskLock()}). */
    private volatile Object taskLock = this;

    protected StreamNode(String name) {
        this.name = name;
    }

    /** Kapacitor's node name: the TICKscript node name followed by its id ({@code alert2}). */
    public final String name() {
        return name;
    }

    /**
     * Sets the lock the task's writes hold (the task pipeline): nodes that emit from timer threads (barrier, stats,
     * deadman) hold it while they do, so that every node of the task, including one below a join of a timed and an
     * untimed branch, sees one thread at a time.
     */
    public final void taskLock(Object lock) {
        this.taskLock = lock;
    }

    /** The lock the task's writes hold. */
    protected final Object taskLock() {
        return taskLock;
    }

    /** Connects {@code child} below this node. */
    public final void addChild(StreamNode child) {
        children.add(child);
        child.parentAdded(this);
    }

    /** Called when this node is connected below {@code parent}, in the order of the TICKscript's parents. */
    protected void parentAdded(StreamNode parent) {
    }

    /** Handles one message from {@code parent}; nodes with several parents that need to tell them apart override it. */
    protected void receive(StreamNode parent, Message message) {
        if (message instanceof Message.BarrierMessage b) {
            barrier(b);
        } else {
            receive(message);
        }
    }

    /** Handles a barrier from {@code barrier()}; by default passes it on. */
    protected void barrier(Message.BarrierMessage barrier) {
        emit(barrier);
    }

    /** The children. */
    public final List<StreamNode> children() {
        return children;
    }

    /** Handles one message from a parent. */
    public abstract void receive(Message message);

    /** Sends {@code message} to every child. */
    protected final void emit(Message message) {
        for (int i = 0; i < children.size(); i++) {
            children.get(i).receive(this, message);
        }
    }

    /** Called when the task stops; release timers and registrations. */
    public void close() {
    }
}
