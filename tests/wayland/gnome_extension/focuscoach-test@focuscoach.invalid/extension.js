// Focus Coach's tests only (tests/wayland/test_gnome_recording.py); never installed for users.
// It exports the interface of the "Focused Window D-Bus" extension that Focus Coach reads on
// GNOME (org.gnome.shell.extensions.FocusedWindow.Get -> JSON with title and wm_class) on the
// same object path, so the client is tested against a real gnome-shell and its session bus,
// adds Activate(title) so a test can move focus, and Nudge() to move the pointer through a
// virtual input device (user activity: it ends an idle spell). GNOME 43/44 extension format.
const { Clutter, Gio, GLib } = imports.gi;
const Main = imports.ui.main;

const IFACE = `
<node>
  <interface name="org.gnome.shell.extensions.FocusedWindow">
    <method name="Get">
      <arg type="s" direction="out" name="window"/>
    </method>
    <method name="Activate">
      <arg type="s" direction="in" name="title"/>
      <arg type="b" direction="out" name="found"/>
    </method>
    <method name="Nudge"/>
  </interface>
</node>`;

class FocusCoachTestHelper {
    enable() {
        this._dbus = Gio.DBusExportedObject.wrapJSObject(IFACE, this);
        this._dbus.export(Gio.DBus.session, '/org/gnome/shell/extensions/FocusedWindow');
        Main.overview.hide();
    }

    disable() {
        this._dbus.unexport();
        this._dbus = null;
    }

    Get() {
        const window = global.display.get_focus_window();
        if (!window)
            return '{}';
        return JSON.stringify({title: window.get_title(), wm_class: window.get_wm_class()});
    }

    Activate(title) {
        Main.overview.hide();
        for (const actor of global.get_window_actors()) {
            const window = actor.meta_window;
            if (window.get_title() === title) {
                window.activate(global.display.get_current_time_roundtrip());
                return true;
            }
        }
        return false;
    }
}

FocusCoachTestHelper.prototype.Nudge = function () {
    if (!this._pointer) {
        const seat = Clutter.get_default_backend().get_default_seat();
        this._pointer = seat.create_virtual_device(Clutter.InputDeviceType.POINTER_DEVICE);
    }
    this._pointer.notify_relative_motion(GLib.get_monotonic_time(), 3, 2);
};

function init() {
    return new FocusCoachTestHelper();
}
