package org.netserv.ofc.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.path.Path;
import org.projectfloodlight.openflow.types.MacAddress;

class RouteBookTest {
    private static final MacAddress A = MacAddress.of(1);
    private static final MacAddress B = MacAddress.of(2);
    private static final MacAddress C = MacAddress.of(3);
    private static final Link L12 = Link.of(1, 2, 2, 1);
    private static final Link L23 = Link.of(2, 3, 3, 2);

    private static Path path(long fromDpid, long toDpid, Link... links) {
        return Path.of(SwitchPort.of(fromDpid, 9), SwitchPort.of(toDpid, 9), List.of(links), links.length);
    }

    @Test
    void aRemovedLinkTakesThePairsThatCrossedItInEitherDirectionWithAllTheirSwitches() {
        RouteBook book = new RouteBook(10);
        book.record(new RouteBook.Pair(A, C), path(1, 3, L12, L23));
        book.record(new RouteBook.Pair(B, C), path(2, 3, L23));
        book.record(new RouteBook.Pair(A, B), path(1, 2, L12));

        var taken = book.takeCrossing(List.of(L23.reversed()));

        assertThat(taken.keySet()).containsExactly(new RouteBook.Pair(A, C), new RouteBook.Pair(B, C));
        assertThat(taken.get(new RouteBook.Pair(A, C)).switches()).containsExactly(1L, 2L, 3L);
        assertThat(book.pairs()).containsExactly(new RouteBook.Pair(A, B));
        assertThat(book.takeCrossing(List.of(L23))).as("taken once").isEmpty();
    }

    @Test
    void aPairRoutedFromTwoPlacesKeepsBoth() {
        RouteBook book = new RouteBook(10);
        book.record(new RouteBook.Pair(A, C), path(2, 3, L23));
        book.record(new RouteBook.Pair(A, C), path(1, 2, L12)); // e.g. before and after a sidecar
        assertThat(book.takeCrossing(List.of(L12)).get(new RouteBook.Pair(A, C)).switches()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void forgettingAHostDropsEveryPairWithIt() {
        RouteBook book = new RouteBook(10);
        book.record(new RouteBook.Pair(A, C), path(1, 3, L12, L23));
        book.record(new RouteBook.Pair(C, B), path(3, 2, L23.reversed()));
        book.record(new RouteBook.Pair(A, B), path(1, 2, L12));
        book.forget(C);
        assertThat(book.pairs()).containsExactly(new RouteBook.Pair(A, B));
    }

    @Test
    void theLeastRecentlyRoutedPairIsForgottenBeyondCapacity() {
        RouteBook book = new RouteBook(2);
        book.record(new RouteBook.Pair(A, B), path(1, 2, L12));
        book.record(new RouteBook.Pair(B, C), path(2, 3, L23));
        book.record(new RouteBook.Pair(A, B), path(1, 2, L12)); // routed again: now the most recent
        book.record(new RouteBook.Pair(A, C), path(1, 3, L12, L23));
        assertThat(book.pairs()).containsExactly(new RouteBook.Pair(A, B), new RouteBook.Pair(A, C));
        assertThatThrownBy(() -> new RouteBook(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
