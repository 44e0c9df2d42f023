# The site's part of khabar.vcl: its Khabar nodes and who may purge. An example for two
# nodes on this machine; list yours, each with `.probe = healthz`, add each to `nodes` in
# khabar_nodes, and put every node's address in `purgers`.

backend node1 {
    .host = "127.0.0.1";
    .port = "8081";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

backend node2 {
    .host = "127.0.0.1";
    .port = "8082";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub khabar_nodes {
    nodes.add_backend(node1);
    nodes.add_backend(node2);
}
