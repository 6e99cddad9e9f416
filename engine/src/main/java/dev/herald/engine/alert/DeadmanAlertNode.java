package dev.herald.engine.alert;

import dev.herald.core.template.GoFormat;
import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.pipeline.CompositeNode;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.PointExpression;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.pipeline.nodes.StandardNodes;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.ast.Expr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code |deadman(threshold, interval[, lambda...])}: Kapacitor's deadman switch, an alert on low throughput. As in
 * Kapacitor it is an alert node fed by a throughput counter: the counter emits {@code emitted} points per interval,
 * the alert goes critical when {@code "emitted" <= threshold} (and every extra lambda holds), and every alert
 * property and handler can be chained on it ({@code |deadman(0.0, 10s).slack()}). Default id
 * {@code {{ .Group }}:<parent node> for task '{{ .TaskName }}'}, default message
 * {@code {{ .ID }} is alive|dead: <emitted> points/<interval>.}
 */
public final class DeadmanAlertNode extends StreamNode implements CompositeNode {
    static final String DEFAULT_ID = "{{ .Group }}:NODE_NAME for task '{{ .TaskName }}'";
    static final String DEFAULT_MESSAGE = "{{ .ID }} is {{ if eq .Level \"OK\" }}alive{{ else }}dead{{ end }}: "
            + "{{ index .Fields \"emitted\" | printf \"%0.3f\" }} points/INTERVAL.";

    private final StreamNode counter;
    private final AlertNode alert;

    private DeadmanAlertNode(String name, StreamNode counter, AlertNode alert) {
        super(name);
        this.counter = counter;
        this.alert = alert;
        counter.addChild(alert);
    }

    /** Builds the counter and its alert from the TICKscript node. */
    public static StreamNode build(PipelineNode node, TaskContext context) {
        StreamNode counter = StandardNodes.builders().get("deadman").build(node, context);
        double threshold = NodeProperties.asNumber(node.args().get(0), node.position(), "deadman threshold");
        Duration interval = NodeProperties.asDuration(node.args().get(1), node.position(), "deadman interval");
        List<PointExpression> extra = new ArrayList<>();
        for (int i = 2; i < node.args().size(); i++) {
            extra.add(PointExpression.predicate((Expr.Lambda) node.args().get(i)));
        }
        PointExpression crit = new PointExpression() {
            @Override
            public Object eval(Point point) {
                return test(point);
            }

            @Override
            public boolean test(Point point) {
                Object emitted = point.fields().get("emitted");
                if (!(emitted instanceof Number n)) {
                    throw new LambdaException("no field or tag exists for emitted");
                }
                if (n.doubleValue() > threshold) {
                    return false;
                }
                for (PointExpression e : extra) {
                    if (!e.test(point)) {
                        return false;
                    }
                }
                return true;
            }
        };
        String parent = node.parents().isEmpty() ? "stream" : node.parents().get(0).name()
                + node.parents().get(0).id();
        AlertNodeBuilder.Defaults defaults = new AlertNodeBuilder.Defaults(DEFAULT_ID.replace("NODE_NAME", parent),
                DEFAULT_MESSAGE.replace("INTERVAL", GoFormat.duration(interval)), crit);
        AlertNode alert = AlertNodeBuilder.build("alert" + node.id(), node, defaults, context);
        return new DeadmanAlertNode(node.name() + node.id(), counter, alert);
    }

    @Override
    public void receive(Message message) {
        counter.receive(message);
    }

    @Override
    public StreamNode tail() {
        return alert;
    }

    @Override
    public List<StreamNode> parts() {
        return List.of(counter, alert);
    }

    @Override
    public void close() {
        counter.close();
        alert.close();
    }
}
