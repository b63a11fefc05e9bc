// SPDX-License-Identifier: MIT
// What the two halves of bench/tls's C baseline share: the blocking threads (tls_psk_bench.c)
// and the event loops (tls_psk_event_loop.c) run the same connections with the same contexts.
#ifndef TLS_PSK_BENCH_H
#define TLS_PSK_BENCH_H

#include <openssl/ssl.h>

struct bench {
	unsigned char key[32];
	const char *identity;
	SSL_CTX *server_ctx;
	SSL_CTX *client_ctx;
	int listener;
	int port;
	long accepts_left;  /* the server threads together serve this many, then end */
	long per_client;    /* connections each client thread makes, one after the other */
	int parallel;       /* client threads, and as many server threads */
	long long transfer; /* bytes per connection in throughput mode, 0 = 1-byte echo */
	double cpu_seconds; /* of the measured part */
	int plain;          /* no TLS at all: what the sockets alone cost */
	int event_loops;    /* > 0: that many epoll loops instead of blocking threads (tls_psk_event_loop.c) */
};

extern struct bench bench;

void die(const char *what);
void no_delay(int fd);
/* A listening socket on 127.0.0.1 and an ephemeral port; flags as socket(2)'s type flags. */
int listen_loopback(int *port, int flags);
void event_loops(long count, int loops);

#endif
